# Fault drills: bring a throw-away stack up through ./dev up in a fresh state folder, drive bounded load
# on loopback, inject one fault per drill and check the invariants. Sourced by ./dev.
#   ./dev drill            every drill (smoke redis replica primary sqs worker)
#   ./dev drill smoke      one request of each kind (./dev test runs this one)
# The stack uses its own ports (SL_DRILL_PORT_BASE, default 17400: PostgreSQL +32/+33/+34, Redis +79,
# SQS +66, DynamoDB +67, API +80) and its own state folder, removed afterwards (SL_DRILL_KEEP=1 keeps it).
# Each drill prints a table (requests, outcomes by status, p50/p99 before/during/after, data checks) and
# fails (exit 1) when an invariant breaks: nothing acknowledged is lost, nothing is done twice, no 5xx
# other than 503 with Retry-After, recovery without restarting the API or the worker.

DRILL_ALL=(smoke redis replica primary sqs worker)
DRILL_REQUESTS=${SL_DRILL_REQUESTS:-40}

drill_env() {
    local base=${SL_DRILL_PORT_BASE:-17400}
    D_STATE=${SL_DRILL_STATE:-$(mktemp -d "${TMPDIR:-/tmp}/serverless-drill.XXXXXX")}
    D_PG=$((base + 32)) D_REPLICA=$((base + 33)) D_DELAYED=$((base + 34)) D_REDIS=$((base + 79))
    D_SQS=$((base + 66)) D_DDB=$((base + 67)) D_API=$((base + 80))
    D_URL="http://127.0.0.1:$D_API"
    chmod 755 "$D_STATE"  # PostgreSQL runs as the postgres user when we are root
    D_FAILED=0
}

# dev_in_drill ARGS...: ./dev against the drill's stack (its state folder, its ports).
dev_in_drill() {
    env SL_STATE_DIR="$D_STATE" SL_PG_PORT=$D_PG SL_REPLICA_PORT=$D_REPLICA SL_DELAYED_REPLICA_PORT=$D_DELAYED \
        SL_REDIS_PORT=$D_REDIS SL_SQS_PORT=$D_SQS SL_DDB_PORT=$D_DDB SL_API_PORT=$D_API "$ROOT/dev" "$@"
}

drill_pg() {
    local node=$1 action=$2 d
    d=$(cd "$D_STATE/pg" && pwd -P)
    case "$action" in
        stop)  pg "$PG_BIN/pg_ctl" -D "$d/$node" -m immediate -w stop >/dev/null ;;
        start) pg "$PG_BIN/pg_ctl" -D "$d/$node" -l "$d/$node.log" -w -t 30 start >/dev/null ;;
    esac
}

# req NAME METHOD PATH [BODY]: one request, one line in $D_LOG: phase name status ms retry-after.
req() {
    local name=$1 method=$2 path=$3 body=${4:-} out
    local args=(-s -o "$D_STATE/last-body" -w '%{http_code} %{time_total} %header{retry-after}' -X "$method" --max-time 15
        -H "x-api-key: $D_KEY" "$D_URL$path")
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
    stored=$(psql -h 127.0.0.1 -p "$D_PG" -U postgres -d serverless -Atc \
        "select count(*) from content_items where slug = any(string_to_array('$(sort -u "$D_STATE/acknowledged" | paste -sd, -)', ','))")
    info "data: $acked writes acknowledged, $stored of them stored"
    if [ "$acked" = "$stored" ]; then pass "nothing acknowledged was lost"; else fail "acknowledged $acked, stored $stored"; fi
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

# ---- the drills ------------------------------------------------------------------------------------

drill_smoke() {
    begin smoke; D_PHASE=smoke
    local id job
    req live GET /health/live; expect_phase smoke live 200
    req ready GET /health/ready; expect_phase smoke ready 200
    req create POST /v1/content '{"type":"article","slug":"smoke","locale":"en","title":"Smoke","body":"b","status":"published"}'
    expect_phase smoke create 201
    id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$D_STATE/last-body")
    req get GET "/v1/content/$id"; expect_phase smoke get 200
    req update PUT "/v1/content/$id" '{"status":"published","title":"Smoke 2","body":"b","version":1}'; expect_phase smoke update 200
    req list GET /v1/content; expect_phase smoke list 200
    req revisions GET "/v1/content/$id/revisions"; expect_phase smoke revisions 200
    req public GET /public/demo/article/smoke; expect_phase smoke public 200
    req draft POST "/v1/content/$id/drafts" '{}'; expect_phase smoke draft 202
    job=$(sed -n 's/.*"jobId":"\([^"]*\)".*/\1/p; s/.*"id":"\([^"]*\)".*/\1/p' "$D_STATE/last-body" | head -1)
    if wait_for 60 job_done "$job"; then pass "the draft job ran in the worker"; else fail "draft job $job did not finish"; fi
    req audit GET /v1/audit; expect_phase smoke audit 200
    req metrics GET /metrics; expect_phase smoke metrics 200
    check_statuses
    report
}

job_done() { curl -fsS -H "x-api-key: $D_KEY" "$D_URL/v1/jobs/$1" | grep -q '"status":"succeeded"'; }

drill_redis() {
    begin redis
    D_PHASE=before; load 5
    kill "$(cat "$D_STATE/redis/redis.pid")"; D_PHASE=during; load "$((DRILL_REQUESTS / 4))"
    dev_in_drill services >/dev/null; D_PHASE=after; load 5
    expect_phase during list 200; expect_phase during create 201
    check_statuses; check_acknowledged; report
}

drill_replica() {
    begin replica
    D_PHASE=before; load 5
    drill_pg replica stop; D_PHASE=during; load "$((DRILL_REQUESTS / 4))"
    drill_pg replica start; D_PHASE=after; load 5
    expect_phase during list 200; expect_phase during public 200; expect_phase during revisions 200
    expect_phase after list 200
    check_statuses; check_acknowledged; report
}

drill_primary() {
    begin primary
    D_PHASE=before; load 5
    drill_pg primary stop; D_PHASE=during; load "$((DRILL_REQUESTS / 4))"
    local t0; t0=$(date +%s%N)
    drill_pg primary start
    if wait_for 60 ready_for_writes; then
        info "writes accepted again $(( ($(date +%s%N) - t0) / 1000000 )) ms after the primary was started"
    fi
    D_PHASE=after; load 5
    expect_phase during list 200; expect_phase during create 503
    expect_phase after create 201
    check_statuses; check_acknowledged; report
}

drill_sqs() {
    begin sqs
    D_PHASE=before
    req create POST /v1/content '{"type":"article","slug":"sqs-drill","locale":"en","title":"Q","body":"b"}'
    local id; id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$D_STATE/last-body")
    stop_pid "$D_STATE/sqs/sqs.pid" fauxqs >/dev/null
    dev_in_drill services >/dev/null   # fauxqs again, empty: the queues are gone
    D_PHASE=after
    local jobs=() i job
    for i in 1 2 3; do
        req draft POST "/v1/content/$id/drafts" '{}'
        jobs+=("$(sed -n 's/.*"jobId":"\([^"]*\)".*/\1/p; s/.*"id":"\([^"]*\)".*/\1/p' "$D_STATE/last-body" | head -1)")
    done
    expect_phase after draft 202
    local done=0
    for job in "${jobs[@]}"; do wait_for 90 job_done "$job" && done=$((done + 1)); done
    info "data: ${#jobs[@]} jobs requested after the SQS restart, $done finished"
    if [ "$done" = "${#jobs[@]}" ]; then pass "relay and worker recovered the lost queues without a restart"; else fail "only $done of ${#jobs[@]} jobs finished"; fi
    check_statuses; report
}

drill_worker() {
    begin worker
    D_PHASE=before
    req create POST /v1/content '{"type":"article","slug":"worker-drill","locale":"en","title":"W","body":"b"}'
    local id; id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$D_STATE/last-body")
    local jobs=() i job
    for i in $(seq 10); do
        req draft POST "/v1/content/$id/drafts" '{}'
        jobs+=("$(sed -n 's/.*"jobId":"\([^"]*\)".*/\1/p; s/.*"id":"\([^"]*\)".*/\1/p' "$D_STATE/last-body" | head -1)")
    done
    kill -9 "$(cat "$D_STATE/worker/worker.pid")"
    info "worker killed with -9 while ${#jobs[@]} draft jobs were queued"
    # The worker is a process to restart (on Lambda a new instance takes the batch); the API is not restarted.
    (cd "$(dirname "$WORKER_DLL")" && SL_STATE_DIR="$D_STATE" Database__Primary="Host=127.0.0.1;Port=$D_PG;Username=serverless_app;Database=serverless" \
        Database__Replica="Host=127.0.0.1;Port=$D_REPLICA;Username=serverless_app;Database=serverless" Database__Admin="Host=127.0.0.1;Port=$D_PG;Username=postgres;Database=serverless" \
        Redis__Configuration="127.0.0.1:$D_REDIS" SL_SQS_URL="http://127.0.0.1:$D_SQS" SL_DYNAMODB_URL="http://127.0.0.1:$D_DDB" \
        DOTNET_ENVIRONMENT=Development nohup dotnet "$WORKER_DLL" </dev/null >>"$D_STATE/worker/worker.log" 2>&1 & echo $! >"$D_STATE/worker/worker.pid")
    D_PHASE=after
    local done=0
    for job in "${jobs[@]}"; do wait_for 120 job_done "$job" && done=$((done + 1)); done
    local drafts dupes
    drafts=$(psql -h 127.0.0.1 -p "$D_PG" -U postgres -d serverless -Atc "select count(*) from drafts where content_id = '$id'")
    dupes=$(psql -h 127.0.0.1 -p "$D_PG" -U postgres -d serverless -Atc "select count(*) from (select job_id from drafts where content_id = '$id' group by job_id having count(*) > 1) d" 2>/dev/null || echo "?")
    info "data: ${#jobs[@]} jobs requested, $done finished, $drafts drafts stored, $dupes jobs with more than one draft"
    if [ "$done" = "${#jobs[@]}" ]; then pass "every job finished after the kill"; else fail "$done of ${#jobs[@]} jobs finished"; fi
    if [ "$drafts" = "${#jobs[@]}" ] && [ "$dupes" = 0 ]; then pass "one draft per job: nothing done twice"; else fail "drafts $drafts for ${#jobs[@]} jobs (duplicates: $dupes)"; fi
    check_statuses; report
}

run_drills() {
    drill_env
    local names=("$@") t0 name
    [ ${#names[@]} -gt 0 ] || names=("${DRILL_ALL[@]}")
    for name in "${names[@]}"; do
        declare -F "drill_$name" >/dev/null || die "no drill '$name' (drills: ${DRILL_ALL[*]})"
    done
    t0=$(date +%s)
    step "Bringing a fresh stack up through ./dev up (state $D_STATE, API on :$D_API)"
    if ! dev_in_drill up >"$D_STATE/up.log" 2>&1; then
        tail -30 "$D_STATE/up.log"; dev_in_drill down >/dev/null 2>&1 || true
        printf '%s✗ ./dev up failed in a fresh state folder; see %s/up.log%s\n' "$RED" "$D_STATE" "$RESET"
        return 1
    fi
    ok "up in $(( $(date +%s) - t0 )) s"
    D_KEY=$(cat "$D_STATE/demo-api-key")
    # A published item every drill reads.
    D_DRILL=seed D_PHASE=seed D_LOG=$D_STATE/seed.log
    req create POST /v1/content '{"type":"article","slug":"drill-seed","locale":"en","title":"Seed","body":"b","status":"published"}'
    D_SEED_ID=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$D_STATE/last-body") D_SEED_SLUG=drill-seed
    for name in "${names[@]}"; do "drill_$name"; done
    dev_in_drill down >/dev/null 2>&1 || true
    [ "${SL_DRILL_KEEP:-0}" = 1 ] || [ -n "${SL_DRILL_STATE:-}" ] || rm -rf "$D_STATE"
    echo
    if [ $D_FAILED = 0 ]; then printf '%sdrills passed: %s (%d s)%s\n' "$GREEN" "${names[*]}" "$(( $(date +%s) - t0 ))" "$RESET"
    else printf '%sdrills FAILED: %s%s\n' "$RED" "${names[*]}" "$RESET"; return 1; fi
}
