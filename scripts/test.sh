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
. scripts/throwaway-postgres.sh
start_throwaway_postgres -c fsync=off -c max_connections=300
export STARLING_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=starling;Password=starling"
echo "PostgreSQL for tests on port $pg_port"

dotnet test Starling.slnx "$@"
