#!/usr/bin/env bash
# The main job on the embedded default: set up, load the bundled real sample corpus into SQLite, serve it.
#   HOST / PORT / KAMERVRAGEN_DB may be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export KAMERVRAGEN_DB=${KAMERVRAGEN_DB:-var/kamervragen.sqlite3}
mkdir -p "$(dirname "$KAMERVRAGEN_DB")"
.venv/bin/kamervragen load --sample
exec .venv/bin/kamervragen serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
