#!/usr/bin/env bash
# Set up everything the tests need (venv, PostgreSQL, Chromium) and run the whole test suite:
# both store backends, the browser tests, short fuzzing runs. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export KAMERVRAGEN_TEST_PG=${KAMERVRAGEN_TEST_PG:-$(scripts/pg.sh start)}
trap 'scripts/pg.sh stop' EXIT
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
export HYPOTHESIS_PROFILE=${HYPOTHESIS_PROFILE:-ci}
.venv/bin/ruff check src tests benchmarks
.venv/bin/python -m pytest -q -rs -p no:cacheprovider --timeout=900 "$@"
