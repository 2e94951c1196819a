#!/usr/bin/env bash
# A throw-away PostgreSQL primary and its streaming replica (pg_basebackup -R) under DIR, for
# test_replica.py: `pg_pair.sh start DIR PRIMARY_PORT REPLICA_PORT` / `pg_pair.sh stop DIR`.
# Runs the servers as the postgres user when started as root (PostgreSQL refuses to run as root).
set -euo pipefail
BIN="$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)"
[ -x "$BIN/initdb" ] || BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cmd="$1"; dir="$2"
case "$cmd" in
start)
  p1="$3"; p2="$4"
  mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_pg "$BIN/initdb" -D "$dir/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  cat >>"$dir/primary/postgresql.conf" <<CONF
port = $p1
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 4
fsync = off
CONF
  echo "host replication all 127.0.0.1/32 trust" >>"$dir/primary/pg_hba.conf"
  as_pg "$BIN/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w start >/dev/null
  as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$p1" -U postgres -D "$dir/replica" -R -X stream
  echo "port = $p2" >>"$dir/replica/postgresql.conf"
  as_pg "$BIN/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w start >/dev/null
  ;;
stop)
  for node in replica primary; do
    [ -d "$dir/$node" ] && as_pg "$BIN/pg_ctl" -D "$dir/$node" -m immediate -w stop >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
  ;;
esac
