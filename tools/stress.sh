#!/usr/bin/env bash
# make stress: a multi-worker Odoo (--workers=2, prefork as in production) on a
# PostgreSQL cluster of its own (var/pg-stress-<pid>, removed at the end),
# concurrent clients through the external API, the figures.
# STRESS_CLIENTS (20), STRESS_CONTACTS (3000), STRESS_FAULTS=1 to kill the cron
# worker mid-job and restart that private PostgreSQL under load; STRESS_DB to
# copy a database of the machine's server (with STRESS_FILESTORE, its data dir)
# instead of creating one; STRESS_PORT (18369; the gevent port is the next one).
set -euo pipefail
. "$(dirname "$0")/common.sh"
args=(--port "${STRESS_PORT:-18369}" --clients "${STRESS_CLIENTS:-20}"
  --contacts "${STRESS_CONTACTS:-3000}" --website
  --server-log "${STRESS_LOG:-$ROOT/var/stress.log}")
if [ -n "${STRESS_DB:-}" ]; then
  args+=(--db "$STRESS_DB" --copy-from "$STRESS_DB")
  [ -n "${STRESS_FILESTORE:-}" ] && args+=(--filestore "$STRESS_FILESTORE")
fi
[ "${STRESS_FAULTS:-}" = 1 ] && args+=(--faults)
[ "${STRESS_KEEP:-}" = 1 ] && args+=(--keep)
mkdir -p "$ROOT/var"
exec "$PY" "$ROOT/tools/stress.py" "${args[@]}"
