# Local stand-ins for the AWS data plane: PostgreSQL primary + streaming replica, Redis,
# the SQS emulator (fauxqs) and the DynamoDB emulator (dynalite). Sourced by ./dev.

PG_BIN=${SL_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR=$STATE/pg
REDIS_DIR=$STATE/redis
NODE_DIR=$ROOT/tools/local

# PostgreSQL refuses to run as root, so as root we run it as the postgres user.
pg() {
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_prerequisites() {
    step "Checking prerequisites"
    require dotnet "the .NET 10 SDK"
    require node "Node.js 20 or newer, for the SQS and DynamoDB emulators"
    require npm "npm, which comes with Node.js"
    local missing=()
    [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    # promtool and prometheus: the alert rules' unit tests and the dashboard-query test (observability/).
    command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
    if [ ${#missing[@]} -gt 0 ]; then
        info "installing ${missing[*]} from apt"
        apt_install "${missing[@]}"
        # Debian's package starts a cluster and a Redis of its own; we run our own on other ports.
        as_root systemctl disable --now redis-server >/dev/null 2>&1 || true
        as_root systemctl disable --now prometheus >/dev/null 2>&1 || true
    fi
    [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found at $PG_BIN (set SL_PG_BIN)."
    if [ ! -d "$NODE_DIR/node_modules/fauxqs" ] || [ ! -d "$NODE_DIR/node_modules/dynalite" ] \
        || [ "$NODE_DIR/package-lock.json" -nt "$NODE_DIR/node_modules/.package-lock.json" ]; then
        info "installing the emulators from npm (tools/local, locked)"
        (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || die "npm ci in tools/local failed."
    fi
    browser_prerequisites
    ok "dotnet $(dotnet --version), $(promtool --version 2>/dev/null | head -1 | awk '{print "promtool "$3}'), node $(node --version), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), $(redis-server --version | awk '{print $3}')"
}

# The console's browser tests drive Debian's Chromium through Playwright; Playwright never downloads one.
browser_prerequisites() {
    [ -x /usr/bin/chromium ] && return 0
    info "installing chromium from apt (for the console's browser tests)"
    apt_install chromium
    [ -x /usr/bin/chromium ] || die "chromium not found at /usr/bin/chromium after installing it."
}

# The data folder must be writable by the postgres user; a clone under /root is not, so the
# cluster then lives in /var/tmp and .local/pg links to it.
pg_prepare_dir() {
    [ -e "$PG_DIR" ] && return 0
    mkdir -p "$STATE"
    if is_root; then
        mkdir -p "$PG_DIR" && chown postgres:postgres "$PG_DIR"
        if ! runuser -u postgres -- test -w "$PG_DIR"; then
            rmdir "$PG_DIR"
            # Named by the clone for its own .local (as before), by the state folder for any other (a drill's).
            local owner=$ROOT; [ "$STATE" = "$ROOT/.local" ] || owner=$STATE
            local alt; alt=/var/tmp/serverless-pg-$(printf '%s' "$owner" | sha1sum | cut -c1-12)
            mkdir -p "$alt" && chown postgres:postgres "$alt" && ln -s "$alt" "$PG_DIR"
        fi
    else
        mkdir -p "$PG_DIR"
    fi
}

pg_up() {
    step "PostgreSQL primary on 127.0.0.1:$PG_PORT and streaming replica on :$REPLICA_PORT"
    pg_prepare_dir
    local d; d=$(cd "$PG_DIR" && pwd -P)
    if [ ! -f "$d/primary/PG_VERSION" ]; then
        pg "$PG_BIN/initdb" -D "$d/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
            || die "initdb failed"
        cat >>"$d/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$d'
wal_level = replica
max_wal_senders = 5
hot_standby = on
max_connections = 300
# A local, throw-away cluster: durability buys nothing here and costs test time. (synchronous_commit
# stays on: turning it off delays WAL shipping and would make replica lag unrealistically long.)
fsync = off
full_page_writes = off
EOF
        echo "host replication postgres 127.0.0.1/32 trust" >>"$d/primary/pg_hba.conf"
    fi
    # A state folder made on other ports keeps its first port in the configuration: set ours each time, or a
    # stack started with new SL_*_PORT values would come up on the old port (and take another stack's).
    sed -i '/^port = /d' "$d/primary/postgresql.conf"
    echo "port = $PG_PORT" >>"$d/primary/postgresql.conf"
    if ! pg "$PG_BIN/pg_ctl" -D "$d/primary" status >/dev/null 2>&1; then
        pg "$PG_BIN/pg_ctl" -D "$d/primary" -l "$d/primary.log" -w -t 30 start >/dev/null \
            || die "PostgreSQL primary did not start; see $d/primary.log"
    fi
    pg_replica "$d" replica "$REPLICA_PORT"
    ok "primary and replica up (the replica is in recovery)"
}

# pg_replica DIR NODE PORT [CONF_LINE]: a streaming replica of the primary in DIR/NODE on PORT, made by
# pg_basebackup on first use (with CONF_LINE appended to its configuration), then started if stopped.
pg_replica() {
    local d=$1 node=$2 port=$3 extra=${4:-}
    if [ ! -f "$d/$node/PG_VERSION" ]; then
        pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$d/$node" -R -X stream -c fast \
            || die "pg_basebackup for the $node failed"
        [ -z "$extra" ] || echo "$extra" >>"$d/$node/postgresql.conf"
    fi
    # The copy carries the primary's port: set ours (again each time, so a port changed through
    # SL_*_PORT since the copy was made is followed).
    sed -i '/^port = /d' "$d/$node/postgresql.conf"
    echo "port = $port" >>"$d/$node/postgresql.conf"
    # ...and the primary it streams from may have moved with it.
    [ -f "$d/$node/postgresql.auto.conf" ] && sed -i "s/port=[0-9]*/port=$PG_PORT/" "$d/$node/postgresql.auto.conf"
    if ! pg "$PG_BIN/pg_ctl" -D "$d/$node" status >/dev/null 2>&1; then
        pg "$PG_BIN/pg_ctl" -D "$d/$node" -l "$d/$node.log" -w -t 30 start >/dev/null \
            || die "PostgreSQL $node did not start; see $d/$node.log"
    fi
    local rec
    rec=$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc 'select pg_is_in_recovery()') \
        || die "cannot connect to the $node on :$port"
    [ "$rec" = t ] || die "the server on :$port is not a replica"
}

pg_down() {
    [ -e "$PG_DIR" ] || return 0
    local d; d=$(cd "$PG_DIR" && pwd -P)
    for node in replica primary; do
        if [ -f "$d/$node/postmaster.pid" ]; then
            pg "$PG_BIN/pg_ctl" -D "$d/$node" -m fast -w stop >/dev/null 2>&1 && info "stopped PostgreSQL $node"
        fi
    done
}

redis_up() {
    step "Redis on 127.0.0.1:$REDIS_PORT"
    mkdir -p "$REDIS_DIR"
    if ! pid_alive "$REDIS_DIR/redis.pid"; then
        redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$REDIS_DIR" \
            --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" --save '' --appendonly no \
            || die "redis-server did not start; see $REDIS_DIR/redis.log"
        wait_port "$REDIS_PORT" 10 || die "Redis is not answering on :$REDIS_PORT"
        for _ in $(seq 50); do [ -s "$REDIS_DIR/redis.pid" ] && break; sleep 0.1; done
    fi
    ok "redis up (pid $(cat "$REDIS_DIR/redis.pid"))"
}

# node_service NAME PORT COMMAND...: starts an emulator in the background with a pid file.
node_service() {
    local name=$1 port=$2; shift 2
    local dir=$STATE/$name
    mkdir -p "$dir"
    if ! pid_alive "$dir/$name.pid"; then
        # Only the emulator itself goes to the background, so the pid file names it (not a subshell)
        # and no process is left holding our stdout.
        (cd "$NODE_DIR" || exit 1; PORT=$port nohup "$@" </dev/null >"$dir/$name.log" 2>&1 & echo $! >"$dir/$name.pid")
        wait_port "$port" 15 || die "$name did not start on :$port; see $dir/$name.log"
    fi
}

emulators_up() {
    step "SQS emulator (fauxqs) on :$SQS_PORT and DynamoDB emulator (dynalite) on :$DDB_PORT"
    node_service sqs "$SQS_PORT" node sqs.mjs
    node_service dynamodb "$DDB_PORT" node node_modules/dynalite/cli.js --host 127.0.0.1 --port "$DDB_PORT" --createTableMs 0
    ok "emulators up"
}

services_up() {
    remember_ports
    install_prerequisites
    pg_up
    delayed_replica_up
    redis_up
    emulators_up
}

services_down() {
    step "Stopping local services"
    stop_pid "$STATE/api/api.pid" api
    stop_pid "$STATE/worker/worker.pid" worker
    stop_pid "$STATE/prometheus/prometheus.pid" prometheus
    stop_pid "$STATE/sqs/sqs.pid" fauxqs
    stop_pid "$STATE/dynamodb/dynamodb.pid" dynalite
    stop_pid "$REDIS_DIR/redis.pid" redis
    delayed_replica_down
    pg_down
    ok "stopped"
}

services_status() {
    local d=""; [ -e "$PG_DIR" ] && d=$(cd "$PG_DIR" && pwd -P)
    local node port
    for node in primary:$PG_PORT replica:$REPLICA_PORT; do
        port=${node#*:}; node=${node%%:*}
        if [ -n "$d" ] && pg "$PG_BIN/pg_ctl" -D "$d/$node" status >/dev/null 2>&1; then
            echo "postgres $node (:$port): running"
        else echo "postgres $node (:$port): stopped"; fi
    done
    delayed_replica_status
    local s name file
    for s in "redis:$REDIS_PORT:$REDIS_DIR/redis.pid" "sqs:$SQS_PORT:$STATE/sqs/sqs.pid" "dynamodb:$DDB_PORT:$STATE/dynamodb/dynamodb.pid" \
        "api:$API_PORT:$STATE/api/api.pid" "worker:-:$STATE/worker/worker.pid"; do
        name=${s%%:*}; port=${s#*:}; port=${port%%:*}; file=${s#*:*:}
        [ "$port" = - ] && port="" || name="$name (:$port)"
        if pid_alive "$file"; then echo "$name: running (pid $(cat "$file"))"; else echo "$name: stopped"; fi
    done
}

# --- The delayed replica: replica lag on demand, for the read-your-writes tests -------------------
# A second streaming replica that applies WAL only after recovery_min_apply_delay, so a write is
# reliably missing from it for about half a second. It is a server of its own because the shared
# replica above must stay prompt: other tests read from it in parallel.
DELAYED_REPLICA_PORT=${SL_DELAYED_REPLICA_PORT:-15434}
DELAYED_REPLICA_DELAY=${SL_DELAYED_REPLICA_DELAY:-500ms}

delayed_replica_up() {
    step "PostgreSQL delayed replica on 127.0.0.1:$DELAYED_REPLICA_PORT (applies WAL $DELAYED_REPLICA_DELAY late)"
    pg_replica "$(cd "$PG_DIR" && pwd -P)" delayed "$DELAYED_REPLICA_PORT" "recovery_min_apply_delay = '$DELAYED_REPLICA_DELAY'"
    ok "delayed replica up"
}

delayed_replica_down() {
    [ -e "$PG_DIR" ] || return 0
    local d; d=$(cd "$PG_DIR" && pwd -P)
    if [ -f "$d/delayed/postmaster.pid" ]; then
        pg "$PG_BIN/pg_ctl" -D "$d/delayed" -m fast -w stop >/dev/null 2>&1 && info "stopped PostgreSQL delayed replica"
    fi
}

delayed_replica_status() {
    local d=""; [ -e "$PG_DIR" ] && d=$(cd "$PG_DIR" && pwd -P)
    if [ -n "$d" ] && pg "$PG_BIN/pg_ctl" -D "$d/delayed" status >/dev/null 2>&1; then
        echo "postgres delayed replica (:$DELAYED_REPLICA_PORT): running"
    else echo "postgres delayed replica (:$DELAYED_REPLICA_PORT): stopped"; fi
}
