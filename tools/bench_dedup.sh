#!/usr/bin/env bash
# make bench-dedup: Odoo's own "Similar leads" against the six-step duplicate check
# of sales_first_contact, on one generated database: BENCH_N partners and BENCH_N
# leads, BENCH_M checks, BENCH_CREATE lead creations, the labelled corpus; the
# addon is installed half-way. Prints a table; see tools/bench_dedup.py.
set -euo pipefail
. "$(dirname "$0")/common.sh"

DB=${BENCH_DB:-sfc_bench}
N=${BENCH_N:-100000}
M=${BENCH_M:-300}
CREATE=${BENCH_CREATE:-1000}
OUT=$ROOT/var/bench/$DB
COMMAND="BENCH_DB=$DB BENCH_N=$N BENCH_M=$M BENCH_CREATE=$CREATE make bench-dedup"

cleanup() { [ "${BENCH_KEEP:-0}" = 1 ] || dropdb --if-exists "$DB"; }
trap cleanup EXIT
bench() {
  local step=$1; shift
  PYTHONPATH=$ODOO_SRC "$PY" "$ROOT/tools/bench_dedup.py" "$step" --db "$DB" --out "$OUT" \
    --addons-path="$ADDONS_PATH" --n "$N" --m "$M" --create "$CREATE" "$@"
}
stamp() { echo "== $(date +%T) $*"; }

rm -rf "$OUT" && mkdir -p "$OUT"
dropdb --if-exists "$DB"
stamp "1/5 database $DB with crm, no demo data"
odoo "$DB" -i crm --without-demo=all --stop-after-init --no-http --log-level=warn
stamp "2/5 loading $N partners and $N leads"
bench load
stamp "3/5 stock Odoo: $M checks, $CREATE creations, corpus"
bench stock
stamp "4/5 installing sales_first_contact (log: $OUT/install.log)"
# /usr/bin/time needs a program: the odoo() function of common.sh spelled out
/usr/bin/time -v -o "$OUT/install.time" \
  "$PY" "$ODOO_BIN" --addons-path="$ADDONS_PATH" -d "$DB" --db-filter="^$DB\$" \
  -i sales_first_contact --without-demo=all --stop-after-init --no-http \
  --log-level=info >"$OUT/install.log" 2>&1 || { tail -30 "$OUT/install.log"; exit 1; }
stamp "5/5 VACUUM ANALYZE, then sales_first_contact: $M checks, $CREATE creations, corpus"
bench vacuum
bench addon
stamp "done"
echo
bench report --command "$COMMAND" | tee "$OUT/report.txt"
