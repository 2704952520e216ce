#!/usr/bin/env bash
# make test: a fresh database, install the addon and run its tests (browser tours
# included), check that it upgrades, run Odoo's own crm tests with the addon
# installed, the concurrency and fault run and the read replica run (each on a
# private PostgreSQL of its own), a short load run, then drop the database and
# remove what the run made; print "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/common.sh"
. "$ROOT/tools/pg_private.sh"

DB=${TEST_DB:-sfc_test_$$}
PORT=${TEST_HTTP_PORT:-18069}
LOGDIR=${TEST_LOGDIR:-$ROOT/var/test-logs}
RUN_DIR=$ROOT/var/test-run-$$ # Odoo's data dir (filestore, sessions) of this run
mkdir -p "$LOGDIR" "$RUN_DIR"
rm -rf "$LOGDIR"/*.log "$LOGDIR"/*.rc "$LOGDIR"/*.xml "$LOGDIR"/load
cleanup() {
  dropdb --if-exists --force "$DB" >/dev/null 2>&1 || true
  stop_private_postgres remove
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
use_private_postgres_if_needed "$RUN_DIR/pg" || exit 1
dropdb --if-exists "$DB" >/dev/null 2>&1

common_args=(--http-port="$PORT" --gevent-port=$((PORT + 1)) --max-cron-threads=0
  --log-level=test --without-demo= --data-dir="$RUN_DIR/odoo")
ADDONS=$(cd "$ROOT" && ls -d */__manifest__.py | xargs -n1 dirname | paste -sd,)
TAGS=$(echo "$ADDONS" | sed 's#\([^,]*\)#/\1#g')
step() { echo "== $(date +%T) $*"; }

step "Lint: ruff, pylint-odoo mandatory checks"
"$ROOT/tools/lint.sh" >"$LOGDIR/lint.log" 2>&1
echo $? >"$LOGDIR/lint.rc"
[ "$(cat "$LOGDIR/lint.rc")" = 0 ] || cat "$LOGDIR/lint.log"

step "Installing $ADDONS into a fresh database $DB and running their tests"
odoo "$DB" -i "$ADDONS" --test-enable --test-tags="$TAGS" \
  --stop-after-init "${common_args[@]}" >"$LOGDIR/addon.log" 2>&1
echo $? >"$LOGDIR/addon.rc"

step "Upgrading the addons (-u $ADDONS)"
odoo "$DB" -u "$ADDONS" --stop-after-init "${common_args[@]}" \
  >"$LOGDIR/upgrade.log" 2>&1
echo $? >"$LOGDIR/upgrade.rc"

step "Odoo's own crm tests with the addon installed (pytest-odoo: full registry)"
cat >"$LOGDIR/odoo.cfg" <<CFG
[options]
addons_path = $ADDONS_PATH
db_name = $DB
http_port = $PORT
gevent_port = $((PORT + 1))
max_cron_threads = 0
data_dir = $RUN_DIR/odoo
CFG
crm_tests=$(ls -d "$ODOO_SRC"/addons/crm/tests "$ODOO_SRC"/odoo/addons/crm/tests 2>/dev/null | head -1)
# Deselected: two of Odoo's mail gateway tests assert what the addon's e-mail
# enquiries change on purpose (README, "Limits and known gaps"):
# - test_gateway_incompatible_company_error_on_incoming_email: the sender's
#   card linked from the From header (anyone can write it; the addon proposes
#   the client found), and the lead's company taken from that card;
# - test_new_lead_from_email_multicompany: the lead kept in the alias's team;
#   the addon routes it by the first-contact rules (the duty manager of the
#   main office of the alias team's company). Its company assertions hold: the
#   enquiry stays in the alias team's company.
deselect=(-k "not test_gateway_incompatible_company_error_on_incoming_email and not test_new_lead_from_email_multicompany")
(cd "$(dirname "$(dirname "$crm_tests")")" && PYTHONPATH=$ODOO_SRC "$VENV/bin/pytest" -q \
  -p no:cacheprovider --odoo-config="$LOGDIR/odoo.cfg" --odoo-http \
  --junitxml="$LOGDIR/crm.xml" "${deselect[@]}" crm/tests) >"$LOGDIR/crm.log" 2>&1
echo $? >"$LOGDIR/crm.rc"

step "Concurrency and faults on a private PostgreSQL: Odoo --workers=2, 20 clients, cron worker killed, PostgreSQL restarted"
STRESS_DB=$DB STRESS_FILESTORE="$RUN_DIR/odoo/filestore" STRESS_PORT=$((PORT + 300)) \
  STRESS_CLIENTS=20 STRESS_CONTACTS=${TEST_STRESS_CONTACTS:-2500} \
  STRESS_FAULTS=${TEST_STRESS_FAULTS:-1} STRESS_LOG="$LOGDIR/stress-server.log" \
  "$ROOT/tools/stress.sh" >"$LOGDIR/stress.log" 2>&1
echo $? >"$LOGDIR/stress.rc"
tail -6 "$LOGDIR/stress.log"

step "Read replica: Odoo on a private primary and its streaming replica"
REPLICA_DB=$DB REPLICA_PORT=$((PORT + 300)) REPLICA_LOG="$LOGDIR/replica-server.log" \
  "$ROOT/tools/replica.sh" >"$LOGDIR/replica.log" 2>&1
echo $? >"$LOGDIR/replica.rc"
tail -4 "$LOGDIR/replica.log"

step "Load: Locust, 5 users for 30 s on Odoo --workers=4 (make load's short run)"
LOAD_DB=$DB LOAD_REUSE=1 LOAD_COMPARE=0 LOAD_N=${TEST_LOAD_N:-2000} LOAD_USERS=5 \
  LOAD_TIME=${TEST_LOAD_TIME:-30} LOAD_EXHIBITION=200 LOAD_PORT=$((PORT + 300)) \
  LOAD_OUT="$LOGDIR/load" LOAD_DATA_DIR="$RUN_DIR/odoo" \
  "$ROOT/tools/load.sh" >"$LOGDIR/load.log" 2>&1
echo $? >"$LOGDIR/load.rc"
tail -9 "$LOGDIR/load.log"

"$PY" "$ROOT/tools/test_report.py" "$LOGDIR" lint addon upgrade crm stress replica load
