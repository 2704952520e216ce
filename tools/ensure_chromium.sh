#!/usr/bin/env bash
# Browser tours need a headless Chromium: install Debian's when we may, else explain.
set -euo pipefail
for b in chromium chromium-browser google-chrome google-chrome-stable; do
  command -v "$b" >/dev/null && exit 0
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Chromium not found: installing Debian's chromium package for the browser tours..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<MSG
Chromium not found: the browser tours need it. Install it, e.g.
    sudo apt-get install chromium        (Debian/Ubuntu)
and run make test again.
MSG
exit 1
