#!/usr/bin/env bash
# A private PostgreSQL cluster needs the server programs (initdb, pg_ctl) and the
# contrib extensions (pg_trgm): install Debian's packages when we may, else explain.
set -euo pipefail
have_server() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null
}
have_contrib() {
  compgen -G "/usr/share/postgresql/*/extension/pg_trgm.control" >/dev/null \
    || [ -f "$(pg_config --sharedir 2>/dev/null)/extension/pg_trgm.control" ]
}
if have_server && have_contrib && command -v psql >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "PostgreSQL server programs not found: installing Debian's postgresql and postgresql-contrib..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
  exit 0
fi
cat >&2 <<MSG
No PostgreSQL answers and its server programs are not installed. Install them, e.g.
    sudo apt-get install postgresql postgresql-contrib      (Debian/Ubuntu)
(or start a server and set PGHOST / PGPORT / PGUSER), and run make again.
MSG
exit 1
