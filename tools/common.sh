# Shared settings for the tools/*.sh scripts (sourced, not executed).
# shellcheck shell=bash
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-$HOME/src/odoo-18.0}
VENV=${VENV:-$ROOT/.venv}
PY=$VENV/bin/python
ODOO_BIN=$ODOO_SRC/odoo-bin
# A git clone of odoo/odoo keeps the addons in addons/; some copies keep all of
# them under odoo/addons (which Odoo always adds to the path by itself).
if [ -f "$ODOO_SRC/addons/crm/__manifest__.py" ]; then
  ADDONS_PATH=$ROOT,$ODOO_SRC/addons
else
  ADDONS_PATH=$ROOT,$ODOO_SRC/odoo/addons
fi
export ODOO_SRC VENV ADDONS_PATH

# odoo_argv DB: the command line of odoo() in the array ODOO_ARGV, for the
# programs that run another one (/usr/bin/time).
odoo_argv() {
  ODOO_ARGV=("$PY" "$ODOO_BIN" --addons-path="$ADDONS_PATH" -d "$1" --db-filter="^$1\$")
}

# odoo DB [ARGS...]: run Odoo from the project virtualenv on database DB.
odoo() {
  local db=$1; shift
  odoo_argv "$db"
  "${ODOO_ARGV[@]}" "$@"
}

# stamp TEXT...: a progress line with the time.
stamp() { echo "== $(date +%T) $*"; }

# The benchmarks (bench_dedup.sh, bench_import.sh): one database DB, figures in
# the folder OUT, a Python script of tools/ run once per step.
# bench_start DB OUT: OUT emptied, DB dropped now and at the end (unless
# BENCH_KEEP=1), then created with crm and no demo data.
bench_start() {
  BENCH_DB_NAME=$1
  trap '[ "${BENCH_KEEP:-0}" = 1 ] || dropdb --if-exists "$BENCH_DB_NAME"' EXIT
  rm -rf "$2" && mkdir -p "$2"
  dropdb --if-exists "$1"
  odoo "$1" -i crm --without-demo=all --stop-after-init --no-http --log-level=warn
}

# bench_tool DB OUT SCRIPT STEP [ARGS...]: tools/SCRIPT's step on DB.
bench_tool() {
  local db=$1 out=$2 script=$3 step=$4; shift 4
  PYTHONPATH=$ODOO_SRC "$PY" "$ROOT/tools/$script" "$step" --db "$db" --out "$out" \
    --addons-path="$ADDONS_PATH" "$@"
}

# bench_install DB OUT: install sales_first_contact on DB, its log in
# OUT/install.log, its time and peak memory (/usr/bin/time -v) in OUT/install.time.
bench_install() {
  odoo_argv "$1"
  /usr/bin/time -v -o "$2/install.time" "${ODOO_ARGV[@]}" -i sales_first_contact \
    --without-demo=all --stop-after-init --no-http --log-level=info \
    >"$2/install.log" 2>&1 || { tail -30 "$2/install.log"; return 1; }
}
