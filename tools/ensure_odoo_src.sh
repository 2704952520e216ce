#!/usr/bin/env bash
# Make sure the Odoo 18.0 source tree is at $ODOO_SRC: clone it when missing.
set -euo pipefail
. "$(dirname "$0")/common.sh"
if [ -f "$ODOO_SRC/odoo-bin" ]; then
  exit 0
fi
if [ -e "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
  echo "ODOO_SRC=$ODOO_SRC exists but holds no odoo-bin: point ODOO_SRC at an Odoo 18.0 source tree." >&2
  exit 1
fi
echo "Odoo 18.0 source not found at $ODOO_SRC: cloning https://github.com/odoo/odoo (branch 18.0, depth 1)..."
mkdir -p "$(dirname "$ODOO_SRC")"
if ! git clone --quiet --depth 1 --branch 18.0 https://github.com/odoo/odoo "$ODOO_SRC"; then
  rm -rf "$ODOO_SRC"
  cat >&2 <<MSG
Could not clone Odoo 18.0. Get the Odoo 18.0 Community source some other way and
set ODOO_SRC to its folder (the one holding odoo-bin), e.g.
    make test ODOO_SRC=/path/to/odoo-18.0
MSG
  exit 1
fi
