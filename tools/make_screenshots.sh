#!/usr/bin/env bash
# make screenshots: the README's pictures, from the demo database (created when
# missing), in headless Chromium; written under sales_first_contact/static/description.
set -euo pipefail
. "$(dirname "$0")/common.sh"
DB=${DEMO_DB:-sales_first_contact_demo}
PORT=${SCREENSHOT_PORT:-18269}
DEMO_PREPARE_ONLY=1 DEMO_DB=$DB HTTP_PORT=$PORT "$ROOT/tools/run_demo.sh"
# The PBX's user and an API key of a day, for the call card's picture
PBX_KEY=$("$PY" "$ODOO_BIN" shell --addons-path="$ADDONS_PATH" -d "$DB" --no-http \
  --log-level=error 2>/dev/null <<'PY' | sed -n 's/^PBX_KEY=//p'
from datetime import datetime, timedelta
group = env.ref("sales_first_contact.group_first_contact_telephony")
user = env["res.users"].search([("login", "=", "pbx_screenshots")]) or env[
    "res.users"
].create({"name": "АТС", "login": "pbx_screenshots", "groups_id": [(6, 0, group.ids)]})
key = env["res.users.apikeys"].with_user(user).sudo()._generate(
    None, "screenshots", datetime.now() + timedelta(days=1)
)
env.cr.commit()
print(f"PBX_KEY={key}")
PY
)
export PBX_KEY
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
