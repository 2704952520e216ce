#!/usr/bin/env bash
# make load: Locust against Odoo --workers=LOAD_WORKERS (4) with a cron worker:
# LOAD_USERS (20) users for LOAD_TIME seconds (300) on LOAD_DB (sfc_load, made
# with LOAD_N = 100000 partners and leads, dropped at the end), first without
# the addons (LOAD_COMPARE=1) then with them, an exhibition of LOAD_EXHIBITION
# (2000) rows; LOAD_PORT (18469; the gevent port is the next one). LOAD_REUSE=1:
# LOAD_DB already has the addons (make test's short run). Figures and logs in
# LOAD_OUT (var/load/<db>); LOAD_DATA_DIR: Odoo's data dir. See tools/load.py.
set -euo pipefail
. "$(dirname "$0")/common.sh"
args=(--db "${LOAD_DB:-sfc_load}" --n "${LOAD_N:-100000}" --users "${LOAD_USERS:-20}"
  --time "${LOAD_TIME:-300}" --workers "${LOAD_WORKERS:-4}" --port "${LOAD_PORT:-18469}"
  --exhibition "${LOAD_EXHIBITION:-2000}")
[ "${LOAD_COMPARE:-1}" = 1 ] && args+=(--compare)
[ "${LOAD_REUSE:-0}" = 1 ] && args+=(--reuse)
[ "${LOAD_KEEP:-0}" = 1 ] && args+=(--keep)
[ -n "${LOAD_OUT:-}" ] && args+=(--out "$LOAD_OUT")
[ -n "${LOAD_DATA_DIR:-}" ] && args+=(--data-dir "$LOAD_DATA_DIR")
exec "$PY" "$ROOT/tools/load.py" "${args[@]}"
