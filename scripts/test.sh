#!/usr/bin/env bash
# Runs every Starling test. Installs what the tests need when it is missing (Debian packages, the .NET tools),
# starts a throwaway PostgreSQL server for the run, then runs `dotnet test` on the whole solution.
# Extra arguments go to `dotnet test` (for example: --filter "FullyQualifiedName~Timelines").
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the tests use: a PostgreSQL server and Chromium for the browser tests.
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

dotnet tool restore >/dev/null

# A throwaway PostgreSQL cluster on a free port, removed when the run ends.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/starling-pg.XXXXXX)
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; fi
cleanup() {
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT
run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U starling -A trust -E UTF8 >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
export STARLING_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=starling;Password=starling"
echo "PostgreSQL for tests on port $pg_port"

dotnet test Starling.slnx "$@"
