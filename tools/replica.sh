#!/usr/bin/env bash
# make replica: Odoo on a private PostgreSQL primary with a streaming read
# replica (var/pg-replica-<pid>, removed at the end); shows that the read-only
# requests ran on the replica and the writes on the primary. REPLICA_DB to copy
# a database of the machine's server instead of creating one; REPLICA_PORT
# (18371; the gevent port is the next one). See tools/replica.py.
set -euo pipefail
. "$(dirname "$0")/common.sh"
args=(--port "${REPLICA_PORT:-18371}" --server-log "${REPLICA_LOG:-$ROOT/var/replica.log}")
[ -n "${REPLICA_DB:-}" ] && args+=(--db "$REPLICA_DB" --copy-from "$REPLICA_DB")
mkdir -p "$ROOT/var"
exec "$PY" "$ROOT/tools/replica.py" "${args[@]}"
