# Sourced by scripts/test.sh and bench/run.sh: starts a throwaway PostgreSQL cluster on a free loopback port,
# removed when the calling script exits. Sets pg_port, pg_bin and pg_dir. Extra server settings come as arguments,
# e.g. `start_throwaway_postgres -c fsync=off`.
start_throwaway_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pg_dir=$(mktemp -d /tmp/starling-pg.XXXXXX)
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; fi
  trap stop_throwaway_postgres EXIT
  run_as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U starling -A trust -E UTF8 >/dev/null
  run_as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 $*" start >/dev/null
}

# PostgreSQL refuses to run as root, so a root caller runs it as the postgres user.
run_as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_throwaway_postgres() {
  run_as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
