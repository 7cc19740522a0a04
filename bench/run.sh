#!/usr/bin/env bash
# The timeline benchmark: seeds 10,000 accounts and 200,000 statuses, starts the Release server on them, signs in through
# the web form, and measures the home and local timeline pages against a bare Kestrel page of the same size, with wrk
# at 32 connections on this machine only. Prints a table and writes it to bench/results/latest.md.
#
#   bench/run.sh                          SQLite in a temporary data directory
#   bench/run.sh --postgres               PostgreSQL in a throwaway cluster started for the run
#   bench/run.sh --postgres "Host=...;Database=...;Username=...;Password=..."   an existing, empty PostgreSQL database
# Other arguments go to the benchmark, for example: --duration 20 --warmup 5 --connections 32 --statuses 50000 --keep-data
#
# A first argument picks another benchmark (see docs/performance.md):
#   bench/run.sh delivery [--postgres]    one post to 500 followers on 500 servers, against RSA signatures/s and bare signed POSTs/s
#   bench/run.sh inbox [--postgres]       signed Create(Note) activities to the shared inbox, against a bare POST endpoint
#   bench/run.sh federation [--postgres]  both
#   bench/run.sh media-video              a 1080p video processed by Starling, against the same ffmpeg command run by hand
#   bench/run.sh media-images             2-megapixel JPEGs processed by Starling, against bare SkiaSharp, and a burst's peak memory
#   bench/run.sh startup                  how long the server takes to start and answer, against a bare Kestrel server
#   bench/run.sh timeline                 the default above
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

verb=run
case "${1:-}" in
  timeline) verb=run; shift ;;
  delivery|inbox|federation|media-video|media-images|startup) verb="$1"; shift ;;
esac

provider=sqlite
connection_string=""
bench_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres)
      provider=postgres
      if [ $# -gt 1 ] && [[ "$2" != --* ]]; then connection_string="$2"; shift; fi
      ;;
    *) bench_args+=("$1") ;;
  esac
  shift
done

if [ "$verb" = run ]; then command -v wrk >/dev/null || apt_install wrk; fi

echo "Building Release ..."
dotnet build src/Starling.Server/Starling.Server.csproj -c Release -v quiet -nologo
dotnet build bench/Starling.Bench/Starling.Bench.csproj -c Release -v quiet -nologo
server_dll="$PWD/src/Starling.Server/bin/Release/net10.0/Starling.Server.dll"
bench_dll="$PWD/bench/Starling.Bench/bin/Release/net10.0/Starling.Bench.dll"

if [ "$provider" = postgres ] && [ -z "$connection_string" ]; then
  # A throwaway cluster on a free port, removed when the run ends, as scripts/test.sh does for the tests.
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
  . scripts/throwaway-postgres.sh
  start_throwaway_postgres -c max_connections=200
  run_as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U starling starling_bench
  connection_string="Host=127.0.0.1;Port=$pg_port;Database=starling_bench;Username=starling;Password=starling"
  echo "PostgreSQL for the benchmark on port $pg_port"
fi

args=("$verb" --server "$server_dll" --results "$PWD/bench/results" --provider "$provider"
      --commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)")
if [ -n "$connection_string" ]; then args+=(--connection-string "$connection_string"); fi
dotnet "$bench_dll" "${args[@]}" "${bench_args[@]}"
