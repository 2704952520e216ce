#!/usr/bin/env bash
# make test: a fresh database, install the addon and run its tests (browser tours
# included), check that it upgrades, run Odoo's own crm tests with the addon
# installed, drop the database, print "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/common.sh"

DB=${TEST_DB:-sfc_test_$$}
PORT=${TEST_HTTP_PORT:-18069}
LOGDIR=${TEST_LOGDIR:-$ROOT/var/test-logs}
mkdir -p "$LOGDIR"
rm -f "$LOGDIR"/*.log
cleanup() { dropdb --if-exists "$DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup

common_args=(--http-port="$PORT" --max-cron-threads=0 --log-level=test --without-demo=)
ADDONS=$(cd "$ROOT" && ls -d */__manifest__.py | xargs -n1 dirname | paste -sd,)
TAGS=$(echo "$ADDONS" | sed 's#\([^,]*\)#/\1#g')

echo "== Lint: ruff, pylint-odoo mandatory checks"
"$ROOT/tools/lint.sh" >"$LOGDIR/lint.log" 2>&1
echo $? >"$LOGDIR/lint.rc"
[ "$(cat "$LOGDIR/lint.rc")" = 0 ] || cat "$LOGDIR/lint.log"

echo "== Installing $ADDONS into a fresh database $DB and running their tests"
odoo "$DB" -i "$ADDONS" --test-enable --test-tags="$TAGS" \
  --stop-after-init "${common_args[@]}" >"$LOGDIR/addon.log" 2>&1
echo $? >"$LOGDIR/addon.rc"

echo "== Upgrading the addons (-u $ADDONS)"
odoo "$DB" -u "$ADDONS" --stop-after-init "${common_args[@]}" \
  >"$LOGDIR/upgrade.log" 2>&1
echo $? >"$LOGDIR/upgrade.rc"

echo "== Odoo's own crm tests with the addon installed (pytest-odoo: full registry)"
cat >"$LOGDIR/odoo.cfg" <<CFG
[options]
addons_path = $ADDONS_PATH
db_name = $DB
http_port = $PORT
max_cron_threads = 0
CFG
crm_tests=$(ls -d "$ODOO_SRC"/addons/crm/tests "$ODOO_SRC"/odoo/addons/crm/tests 2>/dev/null | head -1)
(cd "$(dirname "$(dirname "$crm_tests")")" && PYTHONPATH=$ODOO_SRC "$VENV/bin/pytest" -q \
  -p no:cacheprovider --odoo-config="$LOGDIR/odoo.cfg" --odoo-http \
  --junitxml="$LOGDIR/crm.xml" crm/tests) >"$LOGDIR/crm.log" 2>&1
echo $? >"$LOGDIR/crm.rc"

echo "== Concurrency and faults: Odoo --workers=2, 20 clients, cron worker killed, PostgreSQL restarted"
STRESS_DB=$DB STRESS_PORT=$((PORT + 300)) STRESS_CLIENTS=20 STRESS_CONTACTS=${TEST_STRESS_CONTACTS:-2500} \
  STRESS_FAULTS=${TEST_STRESS_FAULTS:-1} STRESS_LOG="$LOGDIR/stress-server.log" \
  "$ROOT/tools/stress.sh" >"$LOGDIR/stress.log" 2>&1
echo $? >"$LOGDIR/stress.rc"
tail -6 "$LOGDIR/stress.log"

"$PY" "$ROOT/tools/test_report.py" "$LOGDIR" lint addon upgrade crm stress
