#!/usr/bin/env bash
# make demo: create (or reuse) the demo database with the addon and its demo data,
# then serve Odoo on http://localhost:$HTTP_PORT. When no PostgreSQL answers, a
# private cluster in var/pg-demo runs while the server does (kept for next time).
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$ROOT/tools/pg_private.sh"
DB=${DEMO_DB:-sales_first_contact_demo}
PORT=${HTTP_PORT:-8069}
ADDONS=$(cd "$ROOT" && ls -d */__manifest__.py | xargs -n1 dirname | paste -sd,)
use_private_postgres_if_needed "$ROOT/var/pg-demo"
trap 'stop_private_postgres' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

if psql -X -d postgres -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
  echo "Reusing database $DB: upgrading $ADDONS..."
  odoo "$DB" -u "$ADDONS" --stop-after-init --http-port="$PORT" --log-level=warn
else
  echo "Creating database $DB with $ADDONS and their demo data (a few minutes)..."
  odoo "$DB" -i "$ADDONS" --without-demo= --load-language=ru_RU \
    --stop-after-init --http-port="$PORT" --log-level=warn
  odoo_shell_args=(--no-http --log-level=warn)
  "$PY" "$ODOO_BIN" shell --addons-path="$ADDONS_PATH" -d "$DB" "${odoo_shell_args[@]}" \
    <"$ROOT/tools/demo_settings.py"
fi

[ "${DEMO_PREPARE_ONLY:-}" = 1 ] && exit 0

cat <<MSG

  Odoo with $ADDONS: http://localhost:$PORT   (database $DB)
  The website contact form (http://localhost:$PORT/contactus) routes its requests too.

  Demo logins (the password is the login):
    admin    administrator (installs, Settings)
    head     Ольга Смирнова, head of sales (roster, rules, reports)
    msk1     Иван Петров, Moscow manager        msk2  Анна Кузнецова, Moscow manager
    msk3     Дмитрий Соколов, Moscow manager (sees all documents)
    spb      Сергей Волков, North-West         nsk   Елена Морозова, Siberia
    minsk    Павел Ковалёв, Belarus
    agent1   Наталья Орлова, agent             agent2 Алексей Белов, agent

MSG
"$PY" "$ODOO_BIN" --addons-path="$ADDONS_PATH" -d "$DB" --db-filter="^$DB\$" \
  --http-port="$PORT"
