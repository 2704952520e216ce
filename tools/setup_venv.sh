#!/usr/bin/env bash
# Create or refresh the project virtualenv (.venv) with Odoo's own requirements
# (adapted for pip: psycopg2-binary, no python-ldap) and the development tools.
# Idempotent: does nothing when the inputs did not change since the last run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
venv=${VENV:-$here/.venv}
odoo_src=${ODOO_SRC:?ODOO_SRC is not set}
python=${PYTHON:-python3}

stamp_input=$(cat "$odoo_src/requirements.txt" "$here/requirements-dev.txt" "$0"; "$python" --version)
stamp=$(printf '%s' "$stamp_input" | sha1sum | cut -c1-16)
if [ -f "$venv/.stamp-$stamp" ]; then
  exit 0
fi

pyver=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
case "$pyver" in
  3.10|3.11|3.12) ;;
  *) echo "Odoo 18 needs Python 3.10-3.12; $python is $pyver (set PYTHON=...)" >&2; exit 1 ;;
esac

echo "Setting up $venv (Python $pyver)..."
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Odoo pins psycopg2 (needs libpq headers) and python-ldap (needs OpenLDAP headers):
# take the binary wheel of the first, drop the second (only auth_ldap uses it).
sed -E -e 's/^psycopg2==/psycopg2-binary==/' -e '/^python-ldap/d' \
  "$odoo_src/requirements.txt" > "$tmp/odoo-requirements.txt"
# One pinned sdist still imports pkg_resources in its build environment.
echo 'setuptools<70' > "$tmp/constraints.txt"
# pip < 25.3 reads PIP_CONSTRAINT for build environments, newer pip PIP_BUILD_CONSTRAINT.
export PIP_CONSTRAINT="$tmp/constraints.txt" PIP_BUILD_CONSTRAINT="$tmp/constraints.txt"
"$venv/bin/python" -m pip install -q --upgrade pip wheel 'setuptools<70'
"$venv/bin/python" -m pip install -q -r "$tmp/odoo-requirements.txt"
# the tools (Locust...) take versions that fit Odoo's pins (gevent, requests...)
"$venv/bin/python" -m pip install -q -r "$here/requirements-dev.txt" \
  -c "$tmp/odoo-requirements.txt"
rm -f "$venv"/.stamp-*
touch "$venv/.stamp-$stamp"
echo "Virtualenv ready: $venv"
