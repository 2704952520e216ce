#!/usr/bin/env bash
# make bench-dedup: Odoo's own "Similar leads" against the six-step duplicate check
# of sales_first_contact, on one generated database: BENCH_N partners and BENCH_N
# leads, BENCH_M checks, BENCH_CREATE lead creations, the labelled corpus; the
# addon is installed half-way. Prints a table, then the recall of each step;
# see tools/bench_dedup.py.
set -euo pipefail
. "$(dirname "$0")/common.sh"

DB=${BENCH_DB:-sfc_bench}
N=${BENCH_N:-100000}
M=${BENCH_M:-300}
CREATE=${BENCH_CREATE:-1000}
OUT=$ROOT/var/bench/$DB
COMMAND="BENCH_DB=$DB BENCH_N=$N BENCH_M=$M BENCH_CREATE=$CREATE make bench-dedup"

bench() {
  local step=$1; shift
  bench_tool "$DB" "$OUT" bench_dedup.py "$step" --n "$N" --m "$M" --create "$CREATE" "$@"
}

# BENCH_STEPS="vacuum addon recall": only those steps again on a database kept by an
# earlier run (BENCH_KEEP=1), with the figures it saved, then the report
if [ -n "${BENCH_STEPS:-}" ]; then
  for step in $BENCH_STEPS; do
    stamp "$step (again, on the kept $DB)"
    bench "$step"
  done
  echo
  bench report --command "BENCH_STEPS='$BENCH_STEPS' $COMMAND" | tee "$OUT/report.txt"
  exit 0
fi

stamp "1/6 database $DB with crm, no demo data"
bench_start "$DB" "$OUT"
stamp "2/6 loading $N partners and $N leads"
bench load
stamp "3/6 stock Odoo: $M checks, $CREATE creations, corpus"
bench stock
stamp "4/6 installing sales_first_contact (log: $OUT/install.log)"
bench_install "$DB" "$OUT"
stamp "5/6 VACUUM ANALYZE, then sales_first_contact: $M checks, $CREATE creations, corpus"
bench vacuum
bench addon
stamp "6/6 recall of each step: why a probe misses its own lead"
bench recall
stamp "done"
echo
bench report --command "$COMMAND" | tee "$OUT/report.txt"
