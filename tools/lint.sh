#!/usr/bin/env bash
# ruff (lint + format check) and pylint-odoo's mandatory checks on the addons.
set -uo pipefail
. "$(dirname "$0")/common.sh"
cd "$ROOT"
addons=$(ls -d */__manifest__.py | xargs -n1 dirname)
rc=0
"$VENV/bin/ruff" check --no-fix . || rc=1
"$VENV/bin/ruff" format --check . || rc=1
"$VENV/bin/pylint" --rcfile=.pylintrc-mandatory $addons || rc=1
"$VENV/bin/python" tools/gen_addon_readme.py --check $addons || rc=1
exit $rc
