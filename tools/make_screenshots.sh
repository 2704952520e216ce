#!/usr/bin/env bash
# make screenshots: the README's pictures, from the demo database (created when
# missing), in headless Chromium; written under sales_first_contact/static/description.
set -euo pipefail
. "$(dirname "$0")/common.sh"
DB=${DEMO_DB:-sales_first_contact_demo}
PORT=${SCREENSHOT_PORT:-18269}
DEMO_PREPARE_ONLY=1 DEMO_DB=$DB HTTP_PORT=$PORT "$ROOT/tools/run_demo.sh"
LOG=$(mktemp)
"$PY" "$ODOO_BIN" --addons-path="$ADDONS_PATH" -d "$DB" --db-filter="^$DB\$" \
  --http-port="$PORT" --max-cron-threads=0 --log-level=warn >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/login" && break
  sleep 1
done
"$PY" "$ROOT/tools/screenshots.py" "http://127.0.0.1:$PORT" "$DB" "$ROOT/sales_first_contact/static/description"
