#!/usr/bin/env bash
# make i18n: regenerate each addon's .pot from the code (Odoo's own export, on a
# scratch database) and merge it into the addon's ru.po, keeping translations.
set -euo pipefail
. "$(dirname "$0")/common.sh"
DB=sfc_i18n_$$
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
addons=${I18N_ADDONS:-$(cd "$ROOT" && ls -d */__manifest__.py | xargs -n1 dirname | paste -sd,)}
odoo "$DB" -i "$addons" --without-demo= --stop-after-init --log-level=warn  # demo names are shown too
for addon in ${addons//,/ }; do
  pot=$ROOT/$addon/i18n/$addon.pot
  mkdir -p "$(dirname "$pot")"
  odoo "$DB" --modules="$addon" --i18n-export="$pot" --log-level=warn
  "$PY" "$ROOT/tools/merge_po.py" "$pot" "$ROOT/$addon/i18n/ru.po"
  echo "$addon: $pot and ru.po updated"
done
