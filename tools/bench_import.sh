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

bench() { local step=$1; shift; bench_tool "$DB" "$OUT" bench_import.py "$step" --rows "$ROWS" "$@"; }

stamp "1/6 database $DB with crm, no demo data"
bench_start "$DB" "$OUT"
stamp "2/6 loading $PARTNERS partners (and as many leads: bench_dedup.py load)"
bench_tool "$DB" "$OUT" bench_dedup.py load --n "$PARTNERS"
stamp "3/6 writing the exhibition list of $ROWS rows"
bench csv
stamp "4/6 stock Odoo import of the list"
bench stock
stamp "5/6 installing sales_first_contact (log: $OUT/install.log)"
bench_install "$DB" "$OUT"
stamp "6/6 sales_first_contact: import into an exhibition, check, distribution"
bench addon
stamp "done"
echo
bench report --command "$COMMAND" | tee "$OUT/report.txt"
