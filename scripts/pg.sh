#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks (Debian's server, run as the
# postgres user because the server refuses root).   scripts/pg.sh start|stop|url  [DIR] [PORT]
set -euo pipefail
cmd=${1:?start|stop|url}
dir=$(realpath -m "${2:-${PGTEST_DIR:-/tmp/kamervragen-pg}}")
port=${3:-${PGTEST_PORT:-54329}}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $cmd in
  start)
    [ -n "$bin" ] || { echo "pg.sh: PostgreSQL is not installed (scripts/setup.sh --test installs it)." >&2; exit 1; }
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres: "$dir"
      run "$bin/initdb" -D "$dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    run "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1 || \
      run "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=off" start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres" ;;
  stop) [ -n "$bin" ] && run "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true ;;
  url) echo "postgresql://postgres@127.0.0.1:$port/postgres" ;;
  *) echo "pg.sh: start|stop|url" >&2; exit 2 ;;
esac
