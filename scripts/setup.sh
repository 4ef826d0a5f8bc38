#!/usr/bin/env bash
# Set up Kamervragen on a Debian machine with Python 3.11: the virtual environment in .venv with the
# package and its dependencies. With --test, also the test tools: Debian's PostgreSQL server and
# Chromium (for the browser tests) and the development extras. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "setup: need root (or sudo) to run: $*" >&2; return 1; fi; }

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "setup: Python 3.11 or newer is needed as '$PY' (set PYTHON=...)." >&2; exit 1
fi
if ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then apt_install python3-venv; fi

if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
.venv/bin/python -m pip install -q --upgrade pip
if [ $want_test = 1 ]; then
  apt_install postgresql postgresql-contrib chromium fonts-dejavu-core
  .venv/bin/python -m pip install -q -e '.[dev,embeddings]'
else
  .venv/bin/python -m pip install -q -e '.[embeddings]'
fi
echo "setup: ready ($(.venv/bin/kamervragen --version 2>/dev/null || echo kamervragen))"
