# Fault drills: bring a throw-away stack up through ./dev up in a fresh state folder, drive bounded load
# on loopback, inject one fault per drill and check the invariants. Sourced by ./dev.
#   ./dev drill            every drill (smoke redis replica primary sqs worker llm lag failover)
#   ./dev drill smoke      one request of each kind (./dev test runs this one)
#   ./dev drill llm lag    some of them; they always run in the order above (failover changes which server
#                          is the primary, so it comes last)
# The stack uses its own ports (SL_DRILL_PORT_BASE, default 17400: PostgreSQL +32/+33/+34, the failover
# drill's writer endpoint +35, Redis +79, SQS +66, DynamoDB +67, API +80, worker metrics +81, the llm
# drill's fake model +90) and its own state folder, removed afterwards (SL_DRILL_KEEP=1 keeps it).
# Each drill prints a table (requests, outcomes by status, p50/p99 before/during/after, data checks) and
# fails (exit 1) when an invariant breaks: nothing acknowledged is lost, nothing is done twice, no 5xx
# other than 503 with Retry-After, recovery without restarting the API or the worker.

DRILL_ALL=(smoke redis replica primary sqs worker llm lag failover)
DRILL_REQUESTS=${SL_DRILL_REQUESTS:-40}

# shellcheck source=scripts/drill-kit.sh
source scripts/drill-kit.sh

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
    drill_start_worker "$D_PG"
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

# request_drafts N CONTENT_ID: N draft requests; their job ids are appended to D_JOBS. Each asks something
# different, so none is answered from the LLM result cache: every job needs the model.
request_drafts() {
    local i
    for ((i = 0; i < $1; i++)); do
        req draft POST "/v1/content/$2/drafts" "{\"instructions\":\"drill request $RANDOM$RANDOM\"}"
        [ "$D_LAST" = 202 ] && D_JOBS+=("$(sed -n 's/.*"jobId":"\([^"]*\)".*/\1/p' "$D_STATE/last-body" | head -1)")
    done
}

# hold SECONDS CONTENT_ID: keeps the fault on for SECONDS, meanwhile a draft request and a list every 2 s.
hold() {
    local end=$(( $(now_ms) + $1 * 1000 ))
    while [ "$(now_ms)" -lt $end ]; do
        request_drafts 1 "$2"; req list GET "/v1/content?limit=5"
        sleep 2
    done
}

psql_drill() { psql -h 127.0.0.1 -p "${2:-$D_WRITE_PORT}" -U postgres -d serverless -Atc "$1"; }

# The LLM provider fails (503) for SL_DRILL_LLM_FAIL_SECONDS, then hangs (no answer; the worker's attempt
# timeout cuts each call) for SL_DRILL_LLM_HANG_SECONDS, then recovers. The worker is pointed at the fake model
# (scripts/drill/fake-llm.mjs) with short timeouts and a 5 s breaker, so the drill stays under a minute and a half.
drill_llm() {
    begin llm
    local fail_s=${SL_DRILL_LLM_FAIL_SECONDS:-15} hang_s=${SL_DRILL_LLM_HANG_SECONDS:-10} mode=$D_STATE/helpers/llm-mode
    mkdir -p "$D_STATE/helpers"; echo ok >"$mode"
    drill_helper llm fake-llm.mjs "$D_LLM" "$mode"
    wait_for 10 curl -s "http://127.0.0.1:$D_LLM/" || { fail "the fake model did not start"; return; }
    drill_start_worker "$D_PG" Llm__Providers__0__Name=drill Llm__Providers__0__Kind=openai \
        Llm__Providers__0__BaseUrl="http://127.0.0.1:$D_LLM/v1" Llm__Providers__0__Model=drill-model Llm__Providers__0__ApiKey=sk-drill \
        Llm__AttemptTimeoutSeconds=2 Llm__TotalTimeoutSeconds=5 Llm__MaxRetries=1 Llm__RetryDelaySeconds=0.2 \
        Llm__BreakerMinimumThroughput=2 Llm__BreakerSamplingSeconds=30 Llm__BreakerBreakSeconds=5 \
        Worker__WaitSeconds=1 Worker__RetryBaseSeconds=1 Worker__RetryMaxSeconds=4
    D_PHASE=before
    req create POST /v1/content '{"type":"article","slug":"llm-drill","locale":"en","title":"L","body":"b"}'
    local id; id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$D_STATE/last-body")
    D_JOBS=(); request_drafts 2 "$id"
    local job before_ok=0
    for job in "${D_JOBS[@]}"; do wait_for 60 job_done "$job" && before_ok=$((before_ok + 1)); done
    [ "$before_ok" = "${#D_JOBS[@]}" ] && pass "before: the worker drafts through the fake model" || fail "before: $before_ok of ${#D_JOBS[@]} jobs finished"
    local t0 t_hang t_rec t_done
    t0=$(now_ms); echo fail >"$mode"; D_PHASE=failing
    hold "$fail_s" "$id"
    t_hang=$(now_ms); echo hang >"$mode"; D_PHASE=hanging
    hold "$hang_s" "$id"
    t_rec=$(now_ms); echo ok >"$mode"; D_PHASE=after
    request_drafts 2 "$id"
    local done=0
    for job in "${D_JOBS[@]}"; do wait_for 90 job_done "$job" && done=$((done + 1)); done
    t_done=$(now_ms)
    local drafts dupes failed dlq deferred calls
    drafts=$(psql_drill "select count(*) from drafts where content_id = '$id'")
    dupes=$(psql_drill "select count(*) from (select job_id from drafts where content_id = '$id' group by job_id having count(*) > 1) d")
    failed=$(psql_drill "select count(*) from jobs where id::text = any(string_to_array('$(IFS=,; echo "${D_JOBS[*]}")', ',')) and status = 'failed'")
    dlq=$(dev_in_drill cli queue dlq inspect --priority high 2>/dev/null | sed -n 's/.*about \([0-9]*\) message.*/\1/p' | head -1)
    deferred=$(curl -s "http://127.0.0.1:$D_WORKER_METRICS/metrics" | awk '/^serverless_jobs_handled_total/ && /outcome="deferred"/ {n += $NF} END {print n + 0}')
    calls=$(awk '{c[$2]++} END {for (m in c) printf "%s %d, ", m, c[m]}' "$D_STATE/helpers/llm.log")
    info "times: provider failing from 0 s, hanging from $(( (t_hang - t0) / 1000 )) s, back at $(( (t_rec - t0) / 1000 )) s; every job done $(( (t_done - t_rec) )) ms after it came back"
    info "model calls by what the fake answered: ${calls%, }; jobs deferred on the open circuit: $deferred"
    info "data: ${#D_JOBS[@]} jobs requested, $done finished, $drafts drafts stored, $dupes jobs with more than one draft, ${dlq:-?} in the DLQ"
    expect_phase failing draft 202; expect_phase hanging draft 202; expect_phase hanging list 200
    if [ "$done" = "${#D_JOBS[@]}" ]; then pass "no job lost: every queued draft finished after the provider recovered"; else fail "$done of ${#D_JOBS[@]} jobs finished"; fi
    if [ "$drafts" = "${#D_JOBS[@]}" ] && [ "$dupes" = 0 ]; then pass "one draft per job: no duplicate draft"; else fail "drafts $drafts for ${#D_JOBS[@]} jobs (duplicates: $dupes)"; fi
    if [ "${dlq:-x}" = 0 ] && [ "$failed" = 0 ]; then pass "none in the DLQ, none failed"; else fail "DLQ ${dlq:-unknown}, failed jobs $failed"; fi
    if [ "$deferred" -gt 0 ]; then pass "the open circuit deferred jobs instead of spending their attempts"; else fail "no job was deferred on the open circuit"; fi
    check_statuses; report
}

# write_once: one create; its slug is kept when acknowledged.
write_once() {
    local slug="d-$D_DRILL-$D_PHASE-$RANDOM$RANDOM"
    req create POST /v1/content "{\"type\":\"article\",\"slug\":\"$slug\",\"locale\":\"en\",\"title\":\"t\",\"body\":\"b\",\"status\":\"published\"}"
    if [ "$D_LAST" = 201 ]; then echo "$slug" >>"$D_STATE/acknowledged"; fi
    D_SLUG=$slug
}

# writes_for MS: creates one after another for MS milliseconds.
writes_for() {
    local end=$(( $(now_ms) + $1 ))
    while [ "$(now_ms)" -lt $end ]; do write_once; sleep 0.05; done
}

# listed SLUG: the last answer (a list) shows the item SLUG.
listed() { grep -q "\"slug\":\"$1\"" "$D_STATE/last-body"; }

# metric NAME FILTER: the sum of a Prometheus series of the API's /metrics whose labels contain FILTER.
metric() {
    curl -s -H "x-api-key: $D_KEY" "$D_URL/metrics" | awk -v n="$1" -v f="$2" 'index($0, n) == 1 && index($0, f) {s += $NF} END {print s + 0}'
}

# The streaming replica the API reads from lags by SL_DRILL_LAG_SECONDS (recovery_min_apply_delay). After each
# write, a list carrying the write's consistency token must show it (the replica has not replayed it, so the
# API waits Region:ReplicaWaitMs and reads the primary); a list without a token reads the replica and may miss
# it, but for no longer than the replica's lag.
drill_lag() {
    begin lag
    local delay=${SL_DRILL_LAG_SECONDS:-3} rounds=${SL_DRILL_LAG_ROUNDS:-5} i token t_ack seen stale=() ryw=0 missed=0
    D_PHASE=before; load 3
    psql -h 127.0.0.1 -p "$D_REPLICA" -U postgres -d postgres -qAt -c "alter system set recovery_min_apply_delay = '${delay}s'" \
        -c "select pg_reload_conf()" >/dev/null
    D_PHASE=lagging
    for ((i = 0; i < rounds; i++)); do
        write_once; t_ack=$(now_ms)
        token=$(sed -n 's/^x-consistency-token: *//Ip' "$D_STATE/last-headers" | tr -d '\r')
        D_TOKEN=$token req list+token GET "/v1/content?limit=5"
        if [ "$D_LAST" = 200 ] && listed "$D_SLUG"; then ryw=$((ryw + 1)); fi
        req list GET "/v1/content?limit=5"
        listed "$D_SLUG" || missed=$((missed + 1))
        # How long a reader without the token keeps missing the write: polled every 100 ms.
        seen=""
        while [ "$(since "$t_ack")" -lt $(( (delay + 10) * 1000 )) ]; do
            curl -s -o "$D_STATE/last-body" -H "x-api-key: $D_KEY" "$D_URL/v1/content?limit=5"
            if listed "$D_SLUG"; then seen=$(since "$t_ack"); break; fi
            sleep 0.1
        done
        stale+=("${seen:-never}")
    done
    local lag_metric; lag_metric=$(curl -s -H "x-api-key: $D_KEY" "$D_URL/metrics" | grep -E '^serverless_db_replica_lag_seconds' | awk '{print $NF}' | sort -g | tail -1)
    psql -h 127.0.0.1 -p "$D_REPLICA" -U postgres -d postgres -qAt -c "alter system reset recovery_min_apply_delay" -c "select pg_reload_conf()" >/dev/null
    wait_for 30 bash -c "curl -s -H 'x-api-key: $D_KEY' '$D_URL/v1/content?limit=5' | grep -q '\"slug\":\"$D_SLUG\"'"
    D_PHASE=after; load 3
    info "lag: recovery_min_apply_delay ${delay}s; a reader without the token saw each write after (ms): ${stale[*]}; $missed of $rounds lists right after the write missed it"
    info "serverless_db_replica_lag_seconds (the API's gauge) read ${lag_metric:-nothing} during the lag"
    if [ "$ryw" = "$rounds" ]; then pass "read-your-writes: every list carrying the token showed the write ($ryw of $rounds)"
    else fail "read-your-writes broken: $ryw of $rounds token lists showed the write"; fi
    local worst; worst=$(printf '%s\n' "${stale[@]}" | sed 's/never/999999/' | sort -n | tail -1)
    if [ "$worst" -le $(( delay * 1000 + 1500 )) ]; then pass "stale reads without a token bounded by the replica's lag (worst ${worst} ms for a ${delay} s lag)"
    else fail "a reader without the token missed a write for ${worst} ms (lag ${delay} s)"; fi
    if [ "$missed" -gt 0 ]; then pass "the lag was real: lists without the token missed fresh writes"; else fail "no stale read observed: the replica did not lag"; fi
    expect_phase lagging create 201; expect_phase after list 200
    check_statuses; check_acknowledged; report
}

# A failover as RDS/Aurora does it: the primary is lost, the streaming replica is promoted (pg_ctl promote) and
# the writer endpoint moves to it. Locally the endpoint is scripts/drill/tcp-proxy.mjs on port +35, which the API
# and worker are restarted on first (their Database:Primary; in AWS the writer endpoint's DNS name, Database:Host,
# never changes); moving it is writing the replica's port into its target file. The endpoint moves before the
# promotion finishes, so writes meet a standby behind the writer's address first (the 25006 path).
drill_failover() {
    begin failover
    local target=$D_STATE/helpers/writer-target
    mkdir -p "$D_STATE/helpers"; echo "$D_PG" >"$target"
    drill_helper writer tcp-proxy.mjs "$D_WRITER" "$target"
    wait_port "$D_WRITER" 10 || { fail "the writer endpoint did not start"; return; }
    drill_start_api "$D_WRITER" || { fail "the API did not come back on the writer endpoint"; return; }
    drill_start_worker "$D_WRITER"
    D_PHASE=before; load 5
    local t0 t_switch t_promoted t_first="" cleared_before cleared_after
    t0=$(now_ms); drill_pg primary stop-fast
    D_PHASE=down; writes_for 1000
    cleared_before=$(metric serverless_db_pool_cleared_total 'db_source="primary"')
    echo "$D_REPLICA" >"$target"; t_switch=$(now_ms)
    D_PHASE=standby; writes_for 1000
    cleared_after=$(metric serverless_db_pool_cleared_total 'db_source="primary"')
    drill_pg replica promote; t_promoted=$(now_ms)
    D_PHASE=promoted
    while [ "$(since "$t_promoted")" -lt 30000 ]; do
        write_once
        if [ "$D_LAST" = 201 ]; then t_first=$(now_ms); break; fi
        sleep 0.05
    done
    D_WRITE_PORT=$D_REPLICA
    D_PHASE=after; load 5
    local first="never"; [ -z "$t_first" ] || first="$((t_first - t0)) ms ($((t_first - t_promoted)) ms after the promotion)"
    info "times from the primary's loss: endpoint moved at $((t_switch - t0)) ms, promotion done at $((t_promoted - t0)) ms, first acknowledged write on the new primary at $first"
    info "writer pool emptied $((cleared_after - cleared_before)) time(s) while the endpoint reached the standby"
    if [ -n "$t_first" ]; then pass "writes acknowledged on the promoted replica without restarting the API"; else fail "no write acknowledged within 30 s of the promotion"; fi
    expect_phase down create 503; expect_phase standby create 503
    if [ $((cleared_after - cleared_before)) -gt 0 ]; then pass "the standby behind the writer's address was detected (25006) and the pool emptied"
    else fail "the writer's pool was not emptied while it reached the standby"; fi
    expect_phase after create 201; expect_phase after list 200
    check_statuses; check_acknowledged; report
}

run_drills() {
    drill_env
    local names=("$@") t0 name
    [ ${#names[@]} -gt 0 ] || names=("${DRILL_ALL[@]}")
    for name in "${names[@]}"; do
        declare -F "drill_$name" >/dev/null || die "no drill '$name' (drills: ${DRILL_ALL[*]})"
    done
    # In the suite's order whatever the command line's: failover leaves the promoted replica as the primary.
    local ordered=()
    for name in "${DRILL_ALL[@]}"; do [[ " ${names[*]} " == *" $name "* ]] && ordered+=("$name"); done
    names=("${ordered[@]}")
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
    local helper
    for helper in "$D_STATE"/helpers/*.pid; do [ -f "$helper" ] && stop_pid "$helper" "$(basename "$helper" .pid)" >/dev/null; done
    dev_in_drill down >/dev/null 2>&1 || true
    [ "${SL_DRILL_KEEP:-0}" = 1 ] || [ -n "${SL_DRILL_STATE:-}" ] || rm -rf "$D_STATE"
    echo
    if [ $D_FAILED = 0 ]; then printf '%sdrills passed: %s (%d s)%s\n' "$GREEN" "${names[*]}" "$(( $(date +%s) - t0 ))" "$RESET"
    else printf '%sdrills FAILED: %s%s\n' "$RED" "${names[*]}" "$RESET"; return 1; fi
}
