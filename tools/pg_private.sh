# Sourced by run_tests.sh and run_demo.sh (after common.sh): the fresh-machine path.
# shellcheck shell=bash

# use_private_postgres_if_needed FOLDER: when no PostgreSQL answers (PG* variables),
# install the server when missing, start a cluster of our own in FOLDER (created
# when new, kept when it exists) and export PGHOST/PGPORT to it; PRIVATE_PG is
# then FOLDER (empty when the machine's server is used).
use_private_postgres_if_needed() {
  PRIVATE_PG=
  if "$PY" "$ROOT/tools/pgcluster.py" answers; then
    return 0
  fi
  echo "No PostgreSQL answers (host ${PGHOST:-local socket}, port ${PGPORT:-5432}): using a private cluster in $1"
  "$ROOT/tools/ensure_postgres_server.sh" || return 1
  local out line
  out=$("$PY" "$ROOT/tools/pgcluster.py" start "$1") || return 1
  for line in $out; do
    export "${line?}"
  done
  PRIVATE_PG=$1
}

# stop_private_postgres [remove]: stop the cluster started above (and remove it).
stop_private_postgres() {
  [ -n "${PRIVATE_PG:-}" ] || return 0
  "$PY" "$ROOT/tools/pgcluster.py" "${1:-stop}" "$PRIVATE_PG" || true
}
