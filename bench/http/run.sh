#!/usr/bin/env bash
# The HTTP benchmark (not a test): the real API (Release JIT, and Native AOT as deployed) beside a bare minimal
# API sending the same bytes, a Node.js peer doing the same work (bench/http/node-peer) and pgbench, on the
# cached public read, /health/live, the uncached read and the write; candidates alternated over ROUNDS rounds,
# every response's status and bytes checked; prints one table of medians, spreads and ratios, with the
# per-request PostgreSQL transactions and Redis commands of the API and the peer, and their RSS.
#   bench/http/run.sh                       everything, 3 rounds of 5 s per candidate (~8 minutes + the builds)
#   ROUNDS=5 DURATION=10 bench/http/run.sh  longer
#   AOT=0 bench/http/run.sh                 without the Native AOT build (its publish takes minutes)
#   SCENARIOS=public,live bench/http/run.sh only some of: public live get post (counts and RSS need get/post/public)
#   SL_BENCH_SKIP_BUILD=1                   reuse the last builds
#   CHECK_ONLY=1 AOT=0 bench/http/run.sh    only check that every candidate sends the API's bytes (~1 minute)
#   TRACE=0                                 skip tracing the statements of one read and one write (pg-trace.mjs)
#   API_ENV='DOTNET_gcServer=0' bench/http/run.sh   extra environment for both API builds (a GC setting, say)
#   API_REF=/tmp/api-before bench/http/run.sh      also an earlier JIT build (a copy of its bin/Release/net10.0), in the
#                                                   public and live rounds beside the others: before/after, interleaved
# Other knobs: CONNECTIONS (32), THREADS (2), COUNT=0 (skip the transaction/command counts), BENCH_REDIS_DB (9),
# SL_BENCH_PORT_BASE ((SL_API_PORT + 100) mod 32768; eight ports from there). Needs the ./dev services (it starts them).
# The summary is also written to artifacts/bench/http/summary.md; docs/performance.md says how to read it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/services.sh
. "$ROOT/scripts/services.sh"

rounds=${ROUNDS:-3}
duration=${DURATION:-5}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
aot=${AOT:-1}
count=${COUNT:-1}
scenarios=,${SCENARIOS:-public,live,get,post},
redis_db=${BENCH_REDIS_DB:-9}
# Below the kernel's ephemeral range (32768+), where an outgoing connection could hold the port first.
port_base=${SL_BENCH_PORT_BASE:-$(((API_PORT + 100) % 32768))}
here="$ROOT/bench/http"
out="$ROOT/artifacts/bench/http"
db=serverless_bench_http
run_id=$(date +%s)
tenant="bench-$run_id" # per run, on top of the fresh database and the flushed Redis database
declare -A port=([api-jit]=$port_base [api-aot]=$((port_base + 1)) [bare]=$((port_base + 2)) [node]=$((port_base + 3)) [api-ref]=$((port_base + 8)))
api_ref=${API_REF:-}
[ -z "$api_ref" ] || [ -f "$api_ref/Serverless.Api.dll" ] || die "API_REF=$api_ref: no Serverless.Api.dll there"
declare -A pid=()
cleanup() { for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wants() { [[ $scenarios == *,$1,* ]]; }

command -v wrk >/dev/null 2>&1 || apt_install wrk
require pgbench "PostgreSQL's client tools"
require node "Node.js 20+"
require python3 "for the summary"
mkdir -p "$out"
rm -f "$out"/*.wrk "$out"/*.tsv "$out"/*.pgbench "$out"/count.* "$out"/trace.*
services_up >/dev/null

step "Build the API, the CLI and the bare endpoint (Release)$([ "$aot" != 1 ] || echo ', publish the API Native AOT')"
if [ -z "${SL_BENCH_SKIP_BUILD:-}" ]; then
    for project in src/Serverless.Api src/Serverless.Cli bench/http/Bare; do
        dotnet build "$ROOT/$project" -c Release -v quiet -nologo -clp:NoSummary >"$out/build.log" 2>&1 \
            || { tail -30 "$out/build.log" >&2; die "build of $project failed"; }
    done
    # As deployed: scripts/package-lambda.sh (PublishAot=true, linux-x64, no trimming or AOT warnings).
    if [ "$aot" = 1 ]; then
        "$ROOT/scripts/package-lambda.sh" src/Serverless.Api >"$out/aot.log" 2>&1 || { tail -30 "$out/aot.log" >&2; die "AOT publish failed"; }
    fi
fi
[ "$aot" != 1 ] || [ -x "$ROOT/artifacts/lambda/serverless-api/bootstrap" ] || die "no AOT build: run without SL_BENCH_SKIP_BUILD, or AOT=0"
[ -d "$here/node-peer/node_modules" ] || (cd "$here/node-peer" && npm ci --no-audit --no-fund --ignore-scripts >"$out/npm.log" 2>&1) \
    || die "npm ci in bench/http/node-peer failed; see $out/npm.log"
ok

step "Fresh database '$db', Redis database $redis_db flushed, tenant '$tenant' with one published item"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
redis-cli -p "$REDIS_PORT" -n "$redis_db" FLUSHDB >/dev/null
export Database__Admin="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db"
export Database__Primary="Host=127.0.0.1;Port=$PG_PORT;Username=serverless_app;Database=$db"
export Database__Replica="Host=127.0.0.1;Port=$REPLICA_PORT;Username=serverless_app;Database=$db"
export Redis__Configuration="127.0.0.1:$REDIS_PORT,defaultDatabase=$redis_db"
export SL_SQS_URL="http://127.0.0.1:$SQS_PORT" SL_DYNAMODB_URL="http://127.0.0.1:$DDB_PORT"
cli="$ROOT/src/Serverless.Cli/bin/Release/net10.0/Serverless.Cli.dll"
dotnet "$cli" migrate >/dev/null
dotnet "$cli" tenant create "$tenant" --name "Bench" --tier standard >/dev/null
key=$(dotnet "$cli" key issue "$tenant" --name bench --quiet)
tenant_id=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -Atc "select id from tenants where slug = '$tenant'")
ok

step "Start the candidates on :$port_base-$((port_base + 3))"
# The API as it runs deployed (from its output folder, reading its appsettings.json), request logging off and
# the rate limits out of reach (they still run: the tenant limiter's Redis script is part of every /v1 request).
# Production settings (no Development file), with the secrets a deployment gets from its stack made up here.
api_env=(Logging__LogLevel__Default=Warning PublicContent__RateLimitPermits=100000000 RateLimits__Tiers__standard__Requests=1000000000
    "Region__ConsistencyKey=$(head -c 32 /dev/urandom | base64)" "SecretsAtRest__Key=$(head -c 32 /dev/urandom | base64)" Jwt__Issuer=serverless-bench Jwt__Audience=serverless-api
    Jwt__Authority=https://issuer.invalid/) # never asked: the benchmark sends API keys, not tokens
read -r -a extra_env <<<"${API_ENV:-}"
api_env+=("${extra_env[@]}")
(cd "$ROOT/src/Serverless.Api/bin/Release/net10.0" && exec env "${api_env[@]}" dotnet Serverless.Api.dll --urls "http://127.0.0.1:${port[api-jit]}") >"$out/api-jit.log" 2>&1 &
pid[api-jit]=$!
if [ "$aot" = 1 ]; then
    (cd "$ROOT/artifacts/lambda/serverless-api" && exec env "${api_env[@]}" ./bootstrap --urls "http://127.0.0.1:${port[api-aot]}") >"$out/api-aot.log" 2>&1 &
    pid[api-aot]=$!
fi
(cd "$here/node-peer" && PORT=${port[node]} PG_PRIMARY="postgres://serverless_app@127.0.0.1:$PG_PORT/$db" \
    PG_REPLICA="postgres://serverless_app@127.0.0.1:$REPLICA_PORT/$db" REDIS_URL="redis://127.0.0.1:$REDIS_PORT/$redis_db" \
    RATE_LIMIT=1000000000 exec node server.mjs) >"$out/node.log" 2>&1 &
pid[node]=$!
if [ -n "$api_ref" ]; then
    (cd "$api_ref" && exec env "${api_env[@]}" dotnet Serverless.Api.dll --urls "http://127.0.0.1:${port[api-ref]}") >"$out/api-ref.log" 2>&1 &
    pid[api-ref]=$!
fi
for c in api-jit api-aot node api-ref; do
    [ -n "${pid[$c]:-}" ] || continue
    wait_port "${port[$c]}" 60 && kill -0 "${pid[$c]}" 2>/dev/null || die "$c did not start; see $out/$c.log"
done
api="http://127.0.0.1:${port[api-jit]}"
text="A published article of a realistic size. $(printf 'Lorem ipsum dolor sit amet. %.0s' {1..40})"
item_id=$(curl -sf -X POST "$api/v1/content" -H "x-api-key: $key" -H 'content-type: application/json' \
    -d '{"type":"article","slug":"hello-world","locale":"en","status":"published","title":"Hello, world","body":"'"$text"'","attributes":{"tags":["bench"]}}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || die "the API did not create the item; see $out/api-jit.log"
public_path="/public/$tenant/article/hello-world"
for _ in $(seq 50); do # the replica may need a moment to replay the new item
    [ "$(curl -s -o "$out/public.json" -w '%{http_code}' "$api$public_path")" = 200 ] && break; sleep 0.1
done
cache=$(curl -s -D - -o "$out/public.json" "$api$public_path" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache"{print $2}')
[ "$cache" = HIT ] || die "the item is not served from the API's cache (x-cache: $cache)"
grep -q "\"id\":\"$item_id\"" "$out/public.json" || die "the public body is not this run's item: $(cat "$out/public.json")"
curl -sf -o "$out/live.json" "$api/health/live" || die "/health/live failed"
curl -sf -o "$out/item.json" -H "x-api-key: $key" "$api/v1/content/$item_id" || die "GET /v1/content/$item_id failed"
dotnet "$ROOT/bench/http/Bare/bin/Release/net10.0/Bare.dll" "$out/public.json" "$out/live.json" --urls "http://127.0.0.1:${port[bare]}" >"$out/bare.log" 2>&1 &
pid[bare]=$!
wait_port "${port[bare]}" 30 || die "the bare endpoint did not start; see $out/bare.log"
ok "item $item_id; $(wc -c <"$out/public.json") bytes public, $(wc -c <"$out/item.json") bytes private"

# Who serves what: scenario -> candidates (pgbench joins the uncached read as its floor).
declare -A serves=([public]="api-jit api-aot bare node api-ref" [live]="api-jit api-aot bare node api-ref" [get]="api-jit api-aot node pgbench-S pgbench-seq" [post]="api-jit api-aot node")
declare -A path=([public]=$public_path [live]=/health/live [get]=/v1/content/$item_id [post]=/v1/content)
declare -A body=([public]=$out/public.json [live]=$out/live.json [get]=$out/item.json)
candidates() { local c; for c in ${serves[$1]}; do { [ "$c" != api-aot ] || [ "$aot" = 1 ]; } && { [ "$c" != api-ref ] || [ -n "$api_ref" ]; } && echo "$c"; done; }

step "Every candidate sends the same bytes"
for s in public live get; do
    for c in $(candidates "$s"); do
        [ -n "${port[$c]:-}" ] || continue
        curl -s -o "$out/check.$c.$s" -H "x-api-key: $key" "http://127.0.0.1:${port[$c]}${path[$s]}"
        cmp -s "$out/check.$c.$s" "${body[$s]}" || { diff <(cat "${body[$s]}"; echo) <(cat "$out/check.$c.$s"; echo) >&2 || true; die "$c: $s differs from the API's bytes"; }
    done
done
ok
if [ -n "${CHECK_ONLY:-}" ]; then exit 0; fi

if [ "${TRACE:-1}" = 1 ]; then
    step "Trace the statements of one uncached read and one write (bench/http/pg-trace.mjs)"
    # A second API and a second peer, their primary connections through the tap, each asked once to warm up
    # (key check, pools) and then once for the record; nothing else uses them.
    # Two taps, so the lines of each are labelled: the API also works in the background (the outbox lease, the
    # replica lag probe), and those lines may fall between a request's.
    tap=$((port_base + 4)) node_tap=$((port_base + 7))
    : >"$out/trace.log" # appended to by the taps and by the markers below alike
    LABEL=api LISTEN_PORT=$tap PG_PORT=$PG_PORT node "$here/pg-trace.mjs" >>"$out/trace.log" 2>&1 &
    pid[tap]=$!
    LABEL=node LISTEN_PORT=$node_tap PG_PORT=$PG_PORT node "$here/pg-trace.mjs" >>"$out/trace.log" 2>&1 &
    pid[node-tap]=$!
    wait_port "$tap" 10 && wait_port "$node_tap" 10 || die "the trace taps did not start; see $out/trace.log"
    (cd "$ROOT/src/Serverless.Api/bin/Release/net10.0" && Database__Primary="Host=127.0.0.1;Port=$tap;Username=serverless_app;Database=$db" \
        exec env "${api_env[@]}" dotnet Serverless.Api.dll --urls "http://127.0.0.1:$((port_base + 5))") >"$out/api-trace.log" 2>&1 &
    pid[api-trace]=$!
    (cd "$here/node-peer" && PORT=$((port_base + 6)) PG_PRIMARY="postgres://serverless_app@127.0.0.1:$node_tap/$db" \
        PG_REPLICA="postgres://serverless_app@127.0.0.1:$REPLICA_PORT/$db" REDIS_URL="redis://127.0.0.1:$REDIS_PORT/$redis_db" \
        RATE_LIMIT=1000000000 exec node server.mjs) >"$out/node-trace.log" 2>&1 &
    pid[node-trace]=$!
    wait_port $((port_base + 5)) 60 && wait_port $((port_base + 6)) 30 || die "the traced API or peer did not start; see $out/api-trace.log, $out/node-trace.log"
    trace_one() { # label port method path [body]
        curl -s -o /dev/null -X "$3" -H "x-api-key: $key" -H 'content-type: application/json' ${5:+-d "$5"} "http://127.0.0.1:$2$4"
        sleep 0.5 # the tap prints a write when it arrives; let the last ones land before the marker
        echo "--- $1" >>"$out/trace.log"
        curl -s -o /dev/null -w '%{http_code}' -X "$3" -H "x-api-key: $key" -H 'content-type: application/json' ${5:+-d "${5//trace-1/trace-2}"} "http://127.0.0.1:$2$4" | grep -q '^20[01]$' \
            || die "the traced $1 failed; see $out/api-trace.log, $out/node-trace.log"
        sleep 0.5
        echo "--- end" >>"$out/trace.log"
    }
    for c in api node; do
        p=$((port_base + 5)); [ "$c" = api ] || p=$((port_base + 6))
        trace_one "$c GET /v1/content/{id}" "$p" GET "/v1/content/$item_id"
        trace_one "$c POST /v1/content" "$p" POST /v1/content '{"type":"article","slug":"'"$c"'-trace-1","locale":"en","status":"draft","title":"Traced","body":"Traced.","attributes":{}}'
    done
    kill "${pid[api-trace]}" "${pid[node-trace]}" "${pid[tap]}" "${pid[node-tap]}" 2>/dev/null || true
    unset 'pid[api-trace]' 'pid[node-trace]' 'pid[tap]' 'pid[node-tap]'
    awk '/^--- end/{on=0} on{print} /^--- /&&!/^--- end/{print; on=1}' "$out/trace.log" >"$out/trace.md"
    ok "$(grep -c ' conn ' "$out/trace.md") round trips traced: $out/trace.md"
fi

step "pgbench: its tables (scale 10) and the uncached read's statements as a script"
pgbench -i -q -s 10 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db" >"$out/pgbench-init.log" 2>&1 || die "pgbench -i failed; see $out/pgbench-init.log"
key_id=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -Atc "select id from api_keys where tenant_id = '$tenant_id' limit 1")
# bench/http/get-sequence.sql: the statements the API sends for GET /v1/content/{id}, run as the API's role.
seq_vars=(-D "tenant=$tenant_id" -D "actor=apikey:$key_id" -D "item=$item_id")
ok

# measure SCENARIO CANDIDATE ROUND SECONDS -> a line of results.tsv (scenario candidate round rps p50-ms)
measure() {
    local s=$1 c=$2 r=$3 secs=$4 file="$out/$1.$2.$3" rps p50
    case $c in
        pgbench-S)
            pgbench -n -S -M prepared -c 8 -j 2 -T "$secs" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db" >"$file.pgbench" 2>&1 || die "pgbench -S failed; see $file.pgbench"
            ;;
        pgbench-seq)
            pgbench -n -f "$here/get-sequence.sql" "${seq_vars[@]}" -M extended -c 8 -j 2 -T "$secs" -h 127.0.0.1 -p "$PG_PORT" -U serverless_app "$db" >"$file.pgbench" 2>&1 \
                || die "pgbench (the API's statements) failed; see $file.pgbench"
            ;;
        *)
            local script=check.lua
            [ "$s" != post ] || script=post.lua
            WANT_BODY=${body[$s]:-} API_KEY=$key RUN_ID="r$run_id-$c-$r-$RANDOM" \
                wrk -t"$threads" -c"$connections" -d"${secs}s" --latency -s "$here/$script" "http://127.0.0.1:${port[$c]}${path[$s]}" >"$file.wrk" 2>&1 \
                || die "wrk failed; see $file.wrk"
            read -r checked wrong < <(awk '/^checked/{print $2, $4}' "$file.wrk")
            [ "${checked:-0}" -gt 0 ] || die "$c served nothing for $s; see $file.wrk and $out/$c.log"
            [ "$wrong" = 0 ] || die "$c answered $wrong of $checked $s requests with a wrong status or body; see $file.wrk and $out/$c.log"
            ;;
    esac
    [ "$r" != warm ] && [ "$r" != count ] || return 0
    if [[ $c == pgbench-* ]]; then
        rps=$(awk '/^tps = /{print $3}' "$file.pgbench")
        p50=$(awk '/^latency average = /{print $4}' "$file.pgbench") # pgbench has no percentiles: the mean
    else
        rps=$(awk '/^Requests\/sec/{print $2}' "$file.wrk")
        p50=$(awk '$1=="50%"{v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$file.wrk")
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$s" "$c" "$r" "$rps" "$p50" >>"$out/results.tsv"
}

# The memory of each server after a round of read load.
rss() { # round
    local c
    for c in "${!pid[@]}"; do
        printf '%s\t%s\t%s\t%s\n' "$c" "$1" "$(awk '/^VmRSS/{print $2}' "/proc/${pid[$c]}/status")" "$(awk '/^VmHWM/{print $2}' "/proc/${pid[$c]}/status")" >>"$out/rss.tsv"
    done
}

step "Warm up: 2 s per candidate and scenario (JIT, pools, caches)"
for s in public live get post; do
    wants "$s" || continue
    for c in $(candidates "$s"); do [[ $c == pgbench-* ]] || measure "$s" "$c" warm 2; done
done
ok

uptime >"$out/uptime.before"
for r in $(seq "$rounds"); do
    step "Round $r of $rounds: wrk -t$threads -c$connections -d${duration}s per candidate, order rotated"
    for s in public live get post; do
        wants "$s" || continue
        mapfile -t list < <(candidates "$s")
        n=${#list[@]}
        for i in $(seq 0 $((n - 1))); do measure "$s" "${list[$(((i + r - 1) % n))]}" "$r" "$duration"; done
        if [ "$s" = get ] || { [ "$s" = public ] && ! wants get; }; then rss "$r"; fi
    done
    ok
done
uptime >"$out/uptime.after"

# Per-request work, counted on the servers: transactions committed in the bench database on the primary and
# on the replica (pg_stat_database; a backend reports within ~10 s), and Redis commands (INFO commandstats,
# the INFO calls themselves left out). The background rate of the same interval before the load is subtracted.
xacts() { psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atc "select coalesce(sum(xact_commit + xact_rollback), 0) from pg_stat_database where datname = '$db'"; }
redis_calls() { redis-cli -p "$REDIS_PORT" INFO commandstats | tr -d '\r' | awk -F'[:=,]' '/^cmdstat_/ && $1 != "cmdstat_info" {sub("cmdstat_", "", $1); print $1, $3}'; }
snapshot() { echo "$(date +%s.%N) $(xacts "$PG_PORT") $(xacts "$REPLICA_PORT")"; redis_calls; }
if [ "$count" = 1 ]; then
    step "Count per-request transactions and Redis commands (4 connections, 3 s each, ~25 s a count)"
    sleep 11 # the backends of the rounds report their last transactions first: not in the idle interval
    for s in get post; do
        wants "$s" || continue
        for c in api-jit node; do
            snapshot >"$out/count.$s.$c.0"; sleep 11
            snapshot >"$out/count.$s.$c.1"
            connections=4 threads=1 measure "$s" "$c" count 3
            sleep 11
            snapshot >"$out/count.$s.$c.2"
            requests=$(awk '/^checked/{print $2}' "$out/$s.$c.count.wrk")
            python3 "$here/counts.py" "$s" "$c" "$requests" "$out/count.$s.$c".{0,1,2} >>"$out/counts.tsv"
        done
    done
    ok
fi

python3 "$here/summarize.py" "$out" "$aot" >"$out/summary.md"
if [ -s "$out/trace.md" ]; then
    printf '\nWhat one request sends to the primary, one line per round trip (TRACE, bench/http/pg-trace.mjs):\n\n```\n%s\n```\n' \
        "$(cut -c1-220 "$out/trace.md")" >>"$out/summary.md"
fi
{
    echo
    echo "Command: ${API_ENV:+API_ENV='$API_ENV' }${API_REF:+API_REF=$API_REF }ROUNDS=$rounds DURATION=$duration CONNECTIONS=$connections THREADS=$threads AOT=$aot bench/http/run.sh"
    echo "Commit: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src bench || echo ' (with uncommitted changes)'); $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores"
    echo "Load average before: $(sed 's/.*load average: //' "$out/uptime.before"); after: $(sed 's/.*load average: //' "$out/uptime.after")"
} >>"$out/summary.md"
echo
cat "$out/summary.md"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
