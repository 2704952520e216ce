#!/usr/bin/env bash
# Check that PostgreSQL answers (standard PG* variables) and has pg_trgm.
set -euo pipefail
if ! command -v psql >/dev/null; then
  echo "psql not found: install the PostgreSQL client (Debian: apt-get install postgresql-client)." >&2
  exit 1
fi
if ! psql -X -q -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  cat >&2 <<MSG
Cannot connect to PostgreSQL as ${PGUSER:-$(id -un)} (host ${PGHOST:-local socket}, port ${PGPORT:-5432}).
Start the server and give this user a role that may create databases, or set
PGHOST / PGPORT / PGUSER / PGPASSWORD.
MSG
  exit 1
fi
if [ "$(psql -X -d postgres -Atc "select count(*) from pg_available_extensions where name = 'pg_trgm'")" != 1 ]; then
  echo "PostgreSQL has no pg_trgm extension: install the contrib package (Debian: postgresql-contrib). The duplicate search needs it." >&2
  exit 1
fi
