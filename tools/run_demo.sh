#!/usr/bin/env bash
# make demo: create (or reuse) the demo database with the addon and its demo data,
# then serve Odoo on http://localhost:$HTTP_PORT.
set -euo pipefail
. "$(dirname "$0")/common.sh"
DB=${DEMO_DB:-sales_first_contact_demo}
PORT=${HTTP_PORT:-8069}

if psql -X -d postgres -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
  echo "Reusing database $DB: upgrading sales_first_contact..."
  odoo "$DB" -u sales_first_contact --stop-after-init --http-port="$PORT" --log-level=warn
else
  echo "Creating database $DB with sales_first_contact and its demo data (about a minute)..."
  odoo "$DB" -i sales_first_contact --without-demo= --load-language=ru_RU \
    --stop-after-init --http-port="$PORT" --log-level=warn
  odoo_shell_args=(--no-http --log-level=warn)
  "$PY" "$ODOO_BIN" shell --addons-path="$ADDONS_PATH" -d "$DB" "${odoo_shell_args[@]}" \
    <"$ROOT/tools/demo_settings.py"
fi

cat <<MSG

  Odoo with sales_first_contact: http://localhost:$PORT   (database $DB)

  Demo logins (the password is the login):
    admin    administrator (installs, Settings)
    head     Ольга Смирнова, head of sales (roster, rules, reports)
    msk1     Иван Петров, Moscow manager        msk2  Анна Кузнецова, Moscow manager
    msk3     Дмитрий Соколов, Moscow manager (sees all documents)
    spb      Сергей Волков, North-West         nsk   Елена Морозова, Siberia
    minsk    Павел Ковалёв, Belarus
    agent1   Наталья Орлова, agent             agent2 Алексей Белов, agent

MSG
exec "$PY" "$ODOO_BIN" --addons-path="$ADDONS_PATH" -d "$DB" --db-filter="^$DB\$" \
  --http-port="$PORT"
