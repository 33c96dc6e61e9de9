# Shared helpers for ./dev: progress output, prerequisites, pid files.
# Sourced, not executed.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
STATE=${SL_STATE_DIR:-$ROOT/.local}

# A stack started with SL_*_PORT variables is remembered in its state folder (remember_ports), so a later
# ./dev cli, status or down without those variables acts on that stack, not on the default ports.
# A variable given explicitly still wins.
PORTS_FILE=$STATE/ports.env
if [ -f "$PORTS_FILE" ]; then
    while IFS='=' read -r _name _value; do
        case "$_name" in
            SL_*_PORT) [ -n "${!_name:-}" ] || export "$_name=$_value" ;;
        esac
    done <"$PORTS_FILE"
    unset _name _value
fi

# Loopback ports, all below the kernel's ephemeral range (32768+).
PG_PORT=${SL_PG_PORT:-15432}
REPLICA_PORT=${SL_REPLICA_PORT:-15433}
REDIS_PORT=${SL_REDIS_PORT:-16379}
SQS_PORT=${SL_SQS_PORT:-14566}
DDB_PORT=${SL_DDB_PORT:-14567}
API_PORT=${SL_API_PORT:-5080}
# Next to the API's, so every stack on one machine (each with its own SL_API_PORT) gets its own.
WORKER_METRICS_PORT=${SL_WORKER_METRICS_PORT:-$((API_PORT + 1))}
PROMETHEUS_PORT=${SL_PROMETHEUS_PORT:-$((API_PORT + 2))}
DB_NAME=${SL_DB_NAME:-serverless}

if [ -t 1 ]; then BOLD=$'\e[1m'; GREEN=$'\e[32m'; RED=$'\e[31m'; DIM=$'\e[2m'; RESET=$'\e[0m'
else BOLD=; GREEN=; RED=; DIM=; RESET=; fi

_step_started=0
step() { _step_started=$(date +%s%N); printf '%s▸ %s%s\n' "$BOLD" "$*" "$RESET"; }
ok() {
    local ms=$(( ($(date +%s%N) - _step_started) / 1000000 ))
    printf '  %s✓ %s%s %s(%d ms)%s\n' "$GREEN" "${1:-done}" "$RESET" "$DIM" "$ms" "$RESET"
}
info() { printf '  %s\n' "$*"; }
die() { printf '%s✗ %s%s\n' "$RED" "$*" "$RESET" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if is_root; then "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
    else return 1; fi
}

_apt_updated=0
apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* by hand (Debian package names)."
    if [ $_apt_updated = 0 ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
            || die "cannot run apt-get as root: install $* by hand, or run ./dev as root or with passwordless sudo."
        _apt_updated=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
        || die "apt-get install $* failed."
}

require() {
    local cmd=$1 hint=$2
    command -v "$cmd" >/dev/null 2>&1 || die "missing prerequisite: '$cmd' ($hint)."
}

# pid_alive FILE: true when FILE names a running process.
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_port PORT SECONDS: true once something listens on 127.0.0.1:PORT.
wait_port() {
    local port=$1 deadline=$(( $(date +%s) + ${2:-10} ))
    while [ "$(date +%s)" -le $deadline ]; do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# stop_pid FILE: stops exactly the process this script started, then forgets it.
stop_pid() {
    local file=$1 name=$2
    if pid_alive "$file"; then
        local pid; pid=$(cat "$file")
        kill "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        info "stopped $name (pid $pid)"
    fi
    rm -f "$file"
}

# remember_ports: writes the ports this stack uses into its state folder (read back above).
remember_ports() {
    mkdir -p "$STATE"
    {
        echo "SL_PG_PORT=$PG_PORT"
        echo "SL_REPLICA_PORT=$REPLICA_PORT"
        echo "SL_DELAYED_REPLICA_PORT=$DELAYED_REPLICA_PORT"
        echo "SL_REDIS_PORT=$REDIS_PORT"
        echo "SL_SQS_PORT=$SQS_PORT"
        echo "SL_DDB_PORT=$DDB_PORT"
        echo "SL_API_PORT=$API_PORT"
        echo "SL_WORKER_METRICS_PORT=$WORKER_METRICS_PORT"
        echo "SL_PROMETHEUS_PORT=$PROMETHEUS_PORT"
    } >"$PORTS_FILE"
}
