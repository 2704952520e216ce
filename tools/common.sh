# Shared settings for the tools/*.sh scripts (sourced, not executed).
# shellcheck shell=bash
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-$HOME/src/odoo-18.0}
VENV=${VENV:-$ROOT/.venv}
PY=$VENV/bin/python
ODOO_BIN=$ODOO_SRC/odoo-bin
# A git clone of odoo/odoo keeps the addons in addons/; some copies keep all of
# them under odoo/addons (which Odoo always adds to the path by itself).
if [ -f "$ODOO_SRC/addons/crm/__manifest__.py" ]; then
  ADDONS_PATH=$ROOT,$ODOO_SRC/addons
else
  ADDONS_PATH=$ROOT,$ODOO_SRC/odoo/addons
fi
export ODOO_SRC VENV ADDONS_PATH

# odoo DB [ARGS...]: run Odoo from the project virtualenv on database DB.
odoo() {
  local db=$1; shift
  "$PY" "$ODOO_BIN" --addons-path="$ADDONS_PATH" -d "$db" --db-filter="^$db\$" "$@"
}
