#!/usr/bin/env bash
# make bench-import: an exhibition list of BENCH_IMPORT_ROWS rows imported into a
# database of BENCH_IMPORT_PARTNERS partners with Odoo's own import, then, once
# sales_first_contact is installed, into an exhibition: import, duplicate check
# and distribution. Prints a table; see tools/bench_import.py.
set -euo pipefail
. "$(dirname "$0")/common.sh"

DB=${BENCH_IMPORT_DB:-sfc_bench_import}
PARTNERS=${BENCH_IMPORT_PARTNERS:-100000}
ROWS=${BENCH_IMPORT_ROWS:-10000}
OUT=$ROOT/var/bench/$DB
COMMAND="BENCH_IMPORT_DB=$DB BENCH_IMPORT_PARTNERS=$PARTNERS BENCH_IMPORT_ROWS=$ROWS"
COMMAND="$COMMAND make bench-import"

cleanup() { [ "${BENCH_KEEP:-0}" = 1 ] || dropdb --if-exists "$DB"; }
trap cleanup EXIT
tool() {
  local script=$1 step=$2; shift 2
  PYTHONPATH=$ODOO_SRC "$PY" "$ROOT/tools/$script" "$step" --db "$DB" --out "$OUT" \
    --addons-path="$ADDONS_PATH" "$@"
}
bench() { local step=$1; shift; tool bench_import.py "$step" --rows "$ROWS" "$@"; }
stamp() { echo "== $(date +%T) $*"; }

rm -rf "$OUT" && mkdir -p "$OUT"
dropdb --if-exists "$DB"
stamp "1/6 database $DB with crm, no demo data"
odoo "$DB" -i crm --without-demo=all --stop-after-init --no-http --log-level=warn
stamp "2/6 loading $PARTNERS partners (and as many leads: bench_dedup.py load)"
tool bench_dedup.py load --n "$PARTNERS"
stamp "3/6 writing the exhibition list of $ROWS rows"
bench csv
stamp "4/6 stock Odoo import of the list"
bench stock
stamp "5/6 installing sales_first_contact (log: $OUT/install.log)"
# /usr/bin/time needs a program: the odoo() function of common.sh spelled out
/usr/bin/time -f %e -o "$OUT/install.time" \
  "$PY" "$ODOO_BIN" --addons-path="$ADDONS_PATH" -d "$DB" --db-filter="^$DB\$" \
  -i sales_first_contact --without-demo=all --stop-after-init --no-http \
  --log-level=info >"$OUT/install.log" 2>&1 || { tail -30 "$OUT/install.log"; exit 1; }
stamp "6/6 sales_first_contact: import into an exhibition, check, distribution"
bench addon
stamp "done"
echo
bench report --command "$COMMAND" | tee "$OUT/report.txt"
