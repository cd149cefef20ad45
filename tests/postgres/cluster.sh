#!/bin/sh
# A throw-away PostgreSQL cluster for the tests: `cluster.sh start STATE` makes one in a new
# temporary folder and writes its URL to STATE; `cluster.sh stop STATE` stops it and removes the
# folder. ctest runs them as the postgres_cluster fixture's set-up and clean-up (tests/CMakeLists.txt).
#
# The server listens on a unix socket in its own folder only (no TCP), so its port never
# conflicts with another server's, and trusts local connections: the tests log in as any role
# (an officer, a reader) without passwords. PostgreSQL refuses to run as root: as root (CI), the
# server runs as the `postgres` user Debian's package makes (else `nobody`), which owns the folder.
set -eu
action=$1
state=$2
bin=${FOLLOWUP_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "cluster.sh: no PostgreSQL server found under /usr/lib/postgresql/*/bin; install Debian's postgresql package" >&2
    exit 1
fi

as_server() {
    if [ "$(id -u)" = 0 ]; then runuser -u "$server_user" -- "$@"; else "$@"; fi
}
server_user=postgres
id postgres >/dev/null 2>&1 || server_user=nobody

case $action in
start)
    if [ -f "$state.dir" ]; then "$0" stop "$state" || true; fi
    dir=$(mktemp -d /tmp/followup-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown "$server_user" "$dir"
    echo "$dir" > "$state.dir"
    as_server "$bin/initdb" -D "$dir/data" -U followup --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    port=5432
    # fsync off: a throw-away cluster need not survive a power cut, and the tests commit often.
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://followup@/postgres?host=$dir&port=$port" > "$state"
    echo "PostgreSQL test cluster in $dir: $(cat "$state")"
    ;;
stop)
    [ -f "$state.dir" ] || exit 0
    dir=$(cat "$state.dir")
    as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir" "$state" "$state.dir"
    ;;
*)
    echo "usage: cluster.sh start|stop STATE" >&2
    exit 2
    ;;
esac
