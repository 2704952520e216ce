#!/usr/bin/env bash
# Check that PostgreSQL answers (standard PG* variables) and has pg_trgm. When
# nothing answers, make sure the server programs are there: make demo and
# make test then start a private cluster in var/ (tools/pg_private.sh).
set -euo pipefail
here=$(dirname "$0")
if ! command -v psql >/dev/null || ! psql -X -q -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  echo "No PostgreSQL answers as ${PGUSER:-$(id -un)} (host ${PGHOST:-local socket}, port ${PGPORT:-5432}): make demo and make test will run a private cluster in var/."
  exec "$here/ensure_postgres_server.sh"
fi
if [ "$(psql -X -d postgres -Atc "select count(*) from pg_available_extensions where name = 'pg_trgm'")" != 1 ]; then
  echo "PostgreSQL has no pg_trgm extension: install the contrib package (Debian: postgresql-contrib). The duplicate search needs it." >&2
  exit 1
fi
