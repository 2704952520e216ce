#!/usr/bin/env bash
# make stress: a multi-worker Odoo (--workers=2, prefork as in production) on
# its own database, concurrent clients through the external API, the figures.
# STRESS_CLIENTS (20), STRESS_CONTACTS (3000), STRESS_FAULTS=1 to kill the cron
# worker mid-job and restart PostgreSQL under load; STRESS_DB to reuse a database.
set -euo pipefail
. "$(dirname "$0")/common.sh"
DB=${STRESS_DB:-sfc_stress}
PORT=${STRESS_PORT:-18369}
export STRESS_CLIENTS=${STRESS_CLIENTS:-20} STRESS_CONTACTS=${STRESS_CONTACTS:-3000}
ADDONS=$(cd "$ROOT" && ls -d */__manifest__.py | xargs -n1 dirname | paste -sd,)
LOG=${STRESS_LOG:-$ROOT/var/stress.log}
mkdir -p "$(dirname "$LOG")"

if [ -z "${STRESS_DB:-}" ]; then
  dropdb --if-exists "$DB"
  echo "Creating $DB ($ADDONS, no demo data)..."
  odoo "$DB" -i "$ADDONS" --without-demo=all --stop-after-init --log-level=warn
fi
EVENT=$("$PY" "$ODOO_BIN" shell --addons-path="$ADDONS_PATH" -d "$DB" --no-http \
  --log-level=warn <"$ROOT/tools/stress_setup.py" 2>/dev/null | sed -n 's/^STRESS_EVENT=//p')
"$PY" "$ODOO_BIN" --addons-path="$ADDONS_PATH" -d "$DB" --db-filter="^$DB\$" \
  --http-port="$PORT" --workers=2 --max-cron-threads=1 --limit-time-real=300 \
  --log-level=info >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; [ -z "${STRESS_DB:-}" ] && [ -z "${STRESS_KEEP:-}" ] && dropdb --if-exists "$DB"' EXIT
for _ in $(seq 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/login" && break
  sleep 1
done
faults=()
[ "${STRESS_FAULTS:-}" = 1 ] && faults=(--kill-cron-worker --restart-postgres)
echo "Stress: $STRESS_CLIENTS clients on Odoo --workers=2 (http://127.0.0.1:$PORT, $DB), event $EVENT"
"$PY" "$ROOT/tools/stress.py" --url "http://127.0.0.1:$PORT" --db "$DB" \
  --clients "$STRESS_CLIENTS" --event "$EVENT" --website "${faults[@]}"
