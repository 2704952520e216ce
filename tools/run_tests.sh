#!/usr/bin/env bash
# make test: a fresh database, install the addon and run its tests (browser tours
# included) and a short load run; beside them, on a second database, check that it
# upgrades, run Odoo's own crm tests with the addon installed, the concurrency and
# fault run and the read replica run (each on a private PostgreSQL of its own);
# then drop the databases and remove what the run made; print "N passed, N failed".
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
  local job
  for job in $(jobs -p); do # the two chains and what they started
    # the children of a job this script started (by its pid), then the job
    kill $(ps -o pid= --ppid "$job") "$job" 2>/dev/null
  done
  dropdb --if-exists --force "$DB" >/dev/null 2>&1 || true
  dropdb --if-exists --force "${DB}_b" >/dev/null 2>&1 || true
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

# Two chains side by side, one per core: (A) the addons' own tests and the short
# load run on $DB; (B) a second database with the addons (no tests), upgraded, for
# Odoo's crm tests, then the concurrency/fault run and the replica run, which copy it.
DB_B=${DB}_b
PORT_B=$((PORT + 2))
chain_a() {
  step "A: installing $ADDONS into a fresh database $DB and running their tests"
  odoo "$DB" -i "$ADDONS" --test-enable --test-tags="$TAGS" \
    --stop-after-init "${common_args[@]}" >"$LOGDIR/addon.log" 2>&1
  echo $? >"$LOGDIR/addon.rc"

  step "A: load: Locust, 5 users for ${TEST_LOAD_TIME:-60} s on Odoo --workers=4 (make load's short run)"
  LOAD_DB=$DB LOAD_REUSE=1 LOAD_COMPARE=0 LOAD_N=${TEST_LOAD_N:-2000} LOAD_USERS=5 \
    LOAD_TIME=${TEST_LOAD_TIME:-60} LOAD_EXHIBITION=200 LOAD_PORT=$((PORT + 300)) \
    LOAD_OUT="$LOGDIR/load" LOAD_DATA_DIR="$RUN_DIR/odoo" \
    "$ROOT/tools/load.sh" >"$LOGDIR/load.log" 2>&1
  echo $? >"$LOGDIR/load.rc"
}
chain_b() {
  step "B: installing $ADDONS into a second database $DB_B (no tests) for Odoo's crm tests"
  dropdb --if-exists "$DB_B" >/dev/null 2>&1
  odoo "$DB_B" -i "$ADDONS" --stop-after-init --http-port="$PORT_B" \
    --gevent-port=$((PORT_B + 1)) --max-cron-threads=0 --log-level=warn \
    --without-demo= --data-dir="$RUN_DIR/odoo-b" >"$LOGDIR/install_b.log" 2>&1
  echo $? >"$LOGDIR/install_b.rc"

  step "B: upgrading the addons (-u $ADDONS) on $DB_B"
  odoo "$DB_B" -u "$ADDONS" --stop-after-init --http-port="$PORT_B" \
    --gevent-port=$((PORT_B + 1)) --max-cron-threads=0 --log-level=info \
    --without-demo= --data-dir="$RUN_DIR/odoo-b" >"$LOGDIR/upgrade.log" 2>&1
  echo $? >"$LOGDIR/upgrade.rc"

  step "B: the web client's asset bundles of $DB_B built, as a first page load would"
  "$PY" "$ODOO_BIN" shell --addons-path="$ADDONS_PATH" -d "$DB_B" --no-http \
    --log-level=warn --data-dir="$RUN_DIR/odoo-b" <"$ROOT/tools/build_assets.py" \
    >"$LOGDIR/assets_b.log" 2>&1

  step "B: Odoo's own crm tests with the addon installed (pytest-odoo: full registry)"
  cat >"$LOGDIR/odoo.cfg" <<CFG
[options]
addons_path = $ADDONS_PATH
db_name = $DB_B
http_port = $PORT_B
gevent_port = $((PORT_B + 1))
max_cron_threads = 0
data_dir = $RUN_DIR/odoo-b
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

  step "B: concurrency and faults on a private PostgreSQL: Odoo --workers=2, 20 clients, cron worker killed, PostgreSQL restarted"
  STRESS_DB=$DB_B STRESS_FILESTORE="$RUN_DIR/odoo-b/filestore" STRESS_PORT=$((PORT + 310)) \
    STRESS_CLIENTS=20 STRESS_CONTACTS=${TEST_STRESS_CONTACTS:-2500} \
    STRESS_FAULTS=${TEST_STRESS_FAULTS:-1} STRESS_LOG="$LOGDIR/stress-server.log" \
    "$ROOT/tools/stress.sh" >"$LOGDIR/stress.log" 2>&1
  echo $? >"$LOGDIR/stress.rc"

  step "B: read replica: Odoo on a private primary and its streaming replica"
  REPLICA_DB=$DB_B REPLICA_PORT=$((PORT + 320)) REPLICA_LOG="$LOGDIR/replica-server.log" \
    "$ROOT/tools/replica.sh" >"$LOGDIR/replica.log" 2>&1
  echo $? >"$LOGDIR/replica.rc"
}
chain_a &
pid_a=$!
chain_b &
pid_b=$!
wait "$pid_a" "$pid_b"
tail -6 "$LOGDIR/stress.log"
tail -4 "$LOGDIR/replica.log"
tail -9 "$LOGDIR/load.log"

"$PY" "$ROOT/tools/test_report.py" "$LOGDIR" lint addon upgrade load install_b crm stress replica
