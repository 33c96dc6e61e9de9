# The fault drills' harness (scripts/drill.sh sources it): the throw-away stack's ports and processes,
# bounded load, the per-phase report and the invariant checks every drill shares.

drill_env() {
    local base=${SL_DRILL_PORT_BASE:-17400}
    D_STATE=${SL_DRILL_STATE:-$(mktemp -d "${TMPDIR:-/tmp}/serverless-drill.XXXXXX")}
    D_PG=$((base + 32)) D_REPLICA=$((base + 33)) D_DELAYED=$((base + 34)) D_REDIS=$((base + 79))
    D_SQS=$((base + 66)) D_DDB=$((base + 67)) D_API=$((base + 80)) D_WORKER_METRICS=$((base + 81))
    D_WRITER=$((base + 35)) D_LLM=$((base + 90))
    D_WRITE_PORT=$D_PG  # where the primary is: the failover drill moves it to the promoted replica
    D_URL="http://127.0.0.1:$D_API"
    chmod 755 "$D_STATE"  # PostgreSQL runs as the postgres user when we are root
    D_FAILED=0
}

# dev_in_drill ARGS...: ./dev against the drill's stack (its state folder, its ports).
dev_in_drill() {
    env SL_STATE_DIR="$D_STATE" SL_PG_PORT=$D_PG SL_REPLICA_PORT=$D_REPLICA SL_DELAYED_REPLICA_PORT=$D_DELAYED \
        SL_REDIS_PORT=$D_REDIS SL_SQS_PORT=$D_SQS SL_DDB_PORT=$D_DDB SL_API_PORT=$D_API \
        SL_WORKER_METRICS_PORT=$D_WORKER_METRICS "$ROOT/dev" "$@"
}

# drill_app_env PRIMARY_PORT: the settings ./dev up gives the API and the worker, for the drill's stack.
drill_app_env() {
    local primary=$1
    D_APP_ENV=(SL_STATE_DIR="$D_STATE"
        Database__Primary="Host=127.0.0.1;Port=$primary;Username=serverless_app;Database=serverless"
        Database__Replica="Host=127.0.0.1;Port=$D_REPLICA;Username=serverless_app;Database=serverless"
        Database__Admin="Host=127.0.0.1;Port=$primary;Username=postgres;Database=serverless"
        Redis__Configuration="127.0.0.1:$D_REDIS" SL_SQS_URL="http://127.0.0.1:$D_SQS" SL_DYNAMODB_URL="http://127.0.0.1:$D_DDB"
        Jwt__Issuer=serverless-local Jwt__Audience=serverless-api Jwt__SigningKey="$Jwt__SigningKey")
}

# drill_start_worker PRIMARY_PORT [NAME=VALUE...]: (re)starts the drill's worker with these settings on top
# (after kill -9 in the worker drill: on Lambda a new instance would take the batch).
drill_start_worker() {
    local primary=$1; shift
    drill_app_env "$primary"
    stop_pid "$D_STATE/worker/worker.pid" worker >/dev/null
    # "cd || exit; cmd &", not "cd && cmd &": the latter puts a subshell in the background and the pid file
    # would name it instead of the worker, which "./dev down" then never stops.
    (cd "$(dirname "$WORKER_DLL")" || exit 1; env "${D_APP_ENV[@]}" Telemetry__MetricsPort=$D_WORKER_METRICS DOTNET_ENVIRONMENT=Development "$@" \
        nohup dotnet "$WORKER_DLL" </dev/null >>"$D_STATE/worker/worker.log" 2>&1 & echo $! >"$D_STATE/worker/worker.pid")
}

# drill_start_api PRIMARY_PORT [NAME=VALUE...]: restarts the drill's API with these settings; true once ready.
# Only to change its settings before a fault (failover); no drill restarts it to recover.
drill_start_api() {
    local primary=$1; shift
    drill_app_env "$primary"
    stop_pid "$D_STATE/api/api.pid" api >/dev/null
    (cd "$(dirname "$API_DLL")" || exit 1; env "${D_APP_ENV[@]}" ASPNETCORE_URLS="$D_URL" ASPNETCORE_ENVIRONMENT=Development "$@" \
        nohup dotnet "$API_DLL" </dev/null >>"$D_STATE/api/api.log" 2>&1 & echo $! >"$D_STATE/api/api.pid")
    wait_for 60 curl -fsS "$D_URL/health/ready"
}

# drill_helper NAME SCRIPT ARGS...: a node helper of scripts/drill/ in the background, stopped by run_drills.
drill_helper() {
    local name=$1 script=$2; shift 2
    mkdir -p "$D_STATE/helpers"
    nohup node "$ROOT/scripts/drill/$script" "$@" </dev/null >"$D_STATE/helpers/$name.log" 2>&1 &
    echo $! >"$D_STATE/helpers/$name.pid"
}

# now_ms: wall clock in milliseconds; since T: milliseconds since T.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
since() { echo $(( $(now_ms) - $1 )); }

drill_pg() {
    local node=$1 action=$2 d
    d=$(cd "$D_STATE/pg" && pwd -P)
    case "$action" in
        stop)  pg "$PG_BIN/pg_ctl" -D "$d/$node" -m immediate -w stop >/dev/null ;;
        start) pg "$PG_BIN/pg_ctl" -D "$d/$node" -l "$d/$node.log" -w -t 30 start >/dev/null ;;
        # A clean stop: the primary sends its standbys all its WAL first, as a synchronous standby would have it.
        stop-fast) pg "$PG_BIN/pg_ctl" -D "$d/$node" -m fast -w stop >/dev/null ;;
        promote) pg "$PG_BIN/pg_ctl" -D "$d/$node" -w -t 30 promote >/dev/null ;;
    esac
}

# req NAME METHOD PATH [BODY]: one request, one line in $D_LOG: phase name status ms retry-after. The answer's
# body and headers are kept in $D_STATE/last-body and last-headers.
req() {
    local name=$1 method=$2 path=$3 body=${4:-} out
    local args=(-s -o "$D_STATE/last-body" -D "$D_STATE/last-headers" -w '%{http_code} %{time_total} %header{retry-after}' -X "$method"
        --max-time 15 -H "x-api-key: $D_KEY" "$D_URL$path")
    # D_TOKEN: a consistency token to send back (the lag drill).
    [ -z "${D_TOKEN:-}" ] || args+=(-H "x-consistency-token: $D_TOKEN")
    [ -z "$body" ] || args+=(-H 'content-type: application/json' -d "$body")
    out=$(curl "${args[@]}" || echo "000 15 -")
    read -r code secs retry <<<"$out"
    printf '%s %s %s %d %s\n' "$D_PHASE" "$name" "$code" "$(awk -v s="$secs" 'BEGIN{printf "%d", s*1000}')" "${retry:--}" >>"$D_LOG"
    D_LAST=$code
}

# load N: N rounds of reads (list, public page, revisions) and one write each; acknowledged writes are kept.
load() {
    local n=$1 i slug
    for ((i = 0; i < n; i++)); do
        req list GET "/v1/content?limit=5"
        req public GET "/public/demo/article/$D_SEED_SLUG"
        req revisions GET "/v1/content/$D_SEED_ID/revisions"
        slug="d-$D_DRILL-$D_PHASE-$i-$RANDOM"
        req create POST /v1/content "{\"type\":\"article\",\"slug\":\"$slug\",\"locale\":\"en\",\"title\":\"t\",\"body\":\"b\",\"status\":\"published\"}"
        if [ "$D_LAST" = 201 ]; then echo "$slug" >>"$D_STATE/acknowledged"; fi
    done
}

# The table of one drill, from $D_LOG.
report() {
    printf '\n%s── drill: %s ──%s\n' "$BOLD" "$D_DRILL" "$RESET"
    printf '%-8s %-10s %6s  %-34s %7s %7s\n' phase request count "outcomes by status" "p50 ms" "p99 ms"
    awk '{ k=$1" "$2; n[k]++; s[k" "$3]++; t[k]=t[k]" "$4; order[k]=NR }
         END { for (k in n) print order[k], k }' "$D_LOG" | sort -n | cut -d' ' -f2- | while read -r phase name; do
        local lines statuses p50 p99
        lines=$(awk -v p="$phase" -v r="$name" '$1==p && $2==r' "$D_LOG")
        statuses=$(awk '{c[$3]++} END {for (s in c) printf "%s×%d ", s, c[s]}' <<<"$lines")
        p50=$(awk '{print $4}' <<<"$lines" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
        p99=$(awk '{print $4}' <<<"$lines" | sort -n | awk '{a[NR]=$1} END {i=int(NR*0.99+0.999); if(i<1)i=1; print a[i]}')
        printf '%-8s %-10s %6d  %-34s %7s %7s\n' "$phase" "$name" "$(wc -l <<<"$lines")" "$statuses" "$p50" "$p99"
    done
}

# Invariants over the whole log: no 5xx but 503 with Retry-After, no 000 (hang or refused).
check_statuses() {
    local bad
    bad=$(awk '($3 >= 500 && !($3 == 503 && $5 != "-")) || $3 == "000"' "$D_LOG")
    if [ -n "$bad" ]; then
        fail "answers other than 503 + Retry-After among the 5xx (or no answer): $(head -3 <<<"$bad" | tr '\n' ';')"
    else pass "every 5xx was a 503 with Retry-After"; fi
}

# expect_phase PHASE REQUEST STATUS: every REQUEST in PHASE answered STATUS.
expect_phase() {
    local phase=$1 name=$2 want=$3 other
    other=$(awk -v p="$phase" -v r="$name" -v w="$want" '$1==p && $2==r && $3!=w' "$D_LOG" | wc -l)
    if [ "$other" = 0 ]; then pass "$phase: every $name answered $want"
    else fail "$phase: $other $name request(s) did not answer $want"; fi
}

# Every write the API acknowledged (201) is stored, exactly once.
check_acknowledged() {
    [ -f "$D_STATE/acknowledged" ] || { pass "no writes acknowledged"; return; }
    local acked stored
    acked=$(sort -u "$D_STATE/acknowledged" | wc -l)
    stored=$(psql -h 127.0.0.1 -p "$D_WRITE_PORT" -U postgres -d serverless -Atc \
        "select count(distinct slug) || ' ' || count(*) from content_items where slug = any(string_to_array('$(sort -u "$D_STATE/acknowledged" | paste -sd, -)', ','))")
    info "data: $acked writes acknowledged, ${stored% *} of them stored, ${stored#* } rows for them"
    if [ "$stored" = "$acked $acked" ]; then pass "nothing acknowledged was lost, nothing stored twice"; else fail "acknowledged $acked, stored (distinct, rows) $stored"; fi
}

pass() { printf '  %s✓ %s%s\n' "$GREEN" "$*" "$RESET"; }
fail() { printf '  %s✗ %s%s\n' "$RED" "$*" "$RESET"; D_FAILED=1; }

# wait_for SECONDS COMMAND...: true once COMMAND succeeds.
wait_for() {
    local deadline=$(( $(date +%s) + $1 )); shift
    while [ "$(date +%s)" -le $deadline ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
    return 1
}

ready_for_writes() { curl -fsS "$D_URL/health/ready?for=writes" >/dev/null; }

begin() { D_DRILL=$1; D_LOG=$D_STATE/drill-$1.log; : >"$D_LOG"; rm -f "$D_STATE/acknowledged"; }
