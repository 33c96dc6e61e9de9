#!/usr/bin/env bash
# The write path (POST /v1/content, bench/http/post.lua), per request: CPU time of the server process and, for JIT
# builds, bytes allocated, for one or more API builds side by side and the Node peer, the order rotated every
# round. Not a test. CPU time per request moves little with the machine's load, where requests/s on 2 shared
# cores moves a lot; the ratio "peer CPU per POST / API CPU per POST" is what each process's own work costs.
#
#   CHECK_ONLY=1 AOT=0 bench/http/run.sh      first: builds (API, CLI), the bench database and its tenant
#   bench/http/writes.sh                      the Release build in src/Serverless.Api/bin/Release/net10.0 and the peer
#   BUILDS="main=/tmp/api-main after=src/Serverless.Api/bin/Release/net10.0" ROUNDS=5 bench/http/writes.sh
#   NODE=0 bench/http/writes.sh               without the Node peer
#   API_ENV='DOTNET_TieredPGO=0' ...          extra environment for every API build
#   BUILDS="plain=$B prep=$B" ENV_prep='Database__Primary=...' ... one build twice, each with its own environment
#   WARMUP=10                                 seconds of POSTs per candidate before measuring (JIT tiering, pools)
#
# Every response is checked (201 with an item, post.lua); one wrong answer fails the run. The CPU time and bytes of
# an idle interval of the same length (background work: outbox, replica probes) are subtracted. Every API build and
# the peer share one Redis database, so each also hears the others' invalidations, as instances of one region do.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

rounds=${ROUNDS:-3}
duration=${DURATION:-5}
connections=${CONNECTIONS:-16}
builds=${BUILDS:-"api=src/Serverless.Api/bin/Release/net10.0"}
node=${NODE:-1}
warmup=${WARMUP:-10}
redis_db=${BENCH_REDIS_DB:-9}
port_base=${SL_BENCH_PORT_BASE:-$(((API_PORT + 100) % 32768))}
db=serverless_bench_http
here="$ROOT/bench/http"
out="$ROOT/artifacts/bench/http/writes"
hook="$here/AllocHook/bin/Release/net10.0/AllocHook.dll"
cli="$ROOT/src/Serverless.Cli/bin/Release/net10.0/Serverless.Cli.dll"
mkdir -p "$out"
rm -rf "${out:?}"/*
declare -A pid=()
cleanup() { for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

[ -f "$hook" ] || dotnet build "$here/AllocHook" -c Release -v quiet -nologo -clp:NoSummary >"$out/hook-build.log" 2>&1 \
    || die "build of bench/http/AllocHook failed; see $out/hook-build.log"
[ -f "$cli" ] || die "no Release CLI: run CHECK_ONLY=1 AOT=0 bench/http/run.sh first"
tenant=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -Atc "select slug from tenants where slug like 'bench-%' order by slug desc limit 1" 2>/dev/null) \
    || die "no bench database: run CHECK_ONLY=1 AOT=0 bench/http/run.sh first"
[ -n "$tenant" ] || die "no bench tenant: run CHECK_ONLY=1 AOT=0 bench/http/run.sh first"
key=$(Database__Admin="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db" dotnet "$cli" key issue "$tenant" --name "writes-$(date +%s)" --quiet) \
    || die "could not issue an API key for $tenant"
read -r -a extra_env <<<"${API_ENV:-}"

names=()
i=0
for b in $builds; do
    name=${b%%=*} dir=${b#*=}
    [[ $dir == /* ]] || dir="$ROOT/$dir"
    [ -f "$dir/Serverless.Api.dll" ] || die "$name: no Serverless.Api.dll in $dir"
    env_var="ENV_$name"
    own_env=()
    [ -z "${!env_var:-}" ] || own_env=("${!env_var}") # one variable: a connection string has spaces
    # A copy whose runtimeconfig allows startup hooks (the API's own disallows them, as AOT-compatible builds do).
    rm -rf "$out/$name.app" && cp -r "$dir" "$out/$name.app" && dir="$out/$name.app"
    sed -i 's/"System.StartupHookProvider.IsSupported": false/"System.StartupHookProvider.IsSupported": true/' "$dir/Serverless.Api.runtimeconfig.json"
    port=$((port_base + 20 + i))
    (cd "$dir" && exec env \
        Database__Admin="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db" \
        Database__Primary="Host=127.0.0.1;Port=$PG_PORT;Username=serverless_app;Database=$db" \
        Database__Replica="Host=127.0.0.1;Port=$REPLICA_PORT;Username=serverless_app;Database=$db" \
        Redis__Configuration="127.0.0.1:$REDIS_PORT,defaultDatabase=$redis_db" \
        SL_SQS_URL="http://127.0.0.1:$SQS_PORT" SL_DYNAMODB_URL="http://127.0.0.1:$DDB_PORT" \
        Logging__LogLevel__Default=Warning PublicContent__RateLimitPermits=100000000 RateLimits__Tiers__standard__Requests=1000000000 \
        "Region__ConsistencyKey=$(head -c 32 /dev/urandom | base64)" "SecretsAtRest__Key=$(head -c 32 /dev/urandom | base64)" Jwt__Issuer=serverless-bench Jwt__Audience=serverless-api \
        Jwt__Authority=https://issuer.invalid/ DOTNET_STARTUP_HOOKS="$hook" ALLOC_HOOK_FILE="$out/$name.alloc" "${extra_env[@]}" "${own_env[@]}" \
        dotnet Serverless.Api.dll --urls "http://127.0.0.1:$port") >"$out/$name.log" 2>&1 &
    pid[$name]=$!
    declare -g "port_$name=$port"
    names+=("$name")
    i=$((i + 1))
done
if [ "$node" = 1 ]; then
    [ -d "$here/node-peer/node_modules" ] || (cd "$here/node-peer" && npm ci --no-audit --no-fund --ignore-scripts >"$out/npm.log" 2>&1) \
        || die "npm ci in bench/http/node-peer failed; see $out/npm.log"
    port=$((port_base + 20 + i))
    (cd "$here/node-peer" && PORT=$port PG_PRIMARY="postgres://serverless_app@127.0.0.1:$PG_PORT/$db" \
        PG_REPLICA="postgres://serverless_app@127.0.0.1:$REPLICA_PORT/$db" REDIS_URL="redis://127.0.0.1:$REDIS_PORT/$redis_db" \
        RATE_LIMIT=1000000000 exec node server.mjs) >"$out/node.log" 2>&1 &
    pid[node]=$!
    declare -g "port_node=$port"
    names+=(node)
fi

run_wrk() { # name seconds file
    local p="port_$1"
    API_KEY=$key RUN_ID="w$(date +%s%N)-$1" wrk -t2 -c"$connections" -d"$2s" -s "$here/post.lua" "http://127.0.0.1:${!p}/v1/content" >"$3" 2>&1 \
        || die "wrk failed; see $3"
    read -r checked wrong < <(awk '/^checked/{print $2, $4}' "$3")
    [ "${checked:-0}" -gt 0 ] || die "$1 served nothing; see $3 and $out/$1.log"
    [ "$wrong" = 0 ] || die "$1 answered $wrong of $checked POSTs with a wrong status or body; see $3 and $out/$1.log"
}
for name in "${names[@]}"; do
    p="port_$name"
    wait_port "${!p}" 60 || die "$name did not start; see $out/$name.log"
    run_wrk "$name" "$warmup" "$out/warm.$name.wrk" # JIT tiering, pools, the key cache
done

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }           # utime + stime, in ticks
# The primary PostgreSQL (the postmaster, the children it reaped, and every live child: backends, WAL writer,
# WAL sender, checkpointer) and Redis, for the share of each POST that is the same work for every candidate.
pg_main=$(awk '/^PPid/{print $2}' "/proc/$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -Atc 'select pg_backend_pid()')/status" 2>/dev/null || true)
pg_main=${pg_main:-$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc "select pid from pg_stat_activity where backend_type = 'checkpointer'" | xargs -I{} awk '/^PPid/{print $2}' /proc/{}/status)}
redis_pid=$(redis-cli -p "$REDIS_PORT" INFO server | tr -d '\r' | awk -F: '$1=="process_id"{print $2}')
pg_cpu() { { awk '{print $14 + $15 + $16 + $17}' "/proc/$pg_main/stat"; for c in $(pgrep -P "$pg_main"); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null; done; } | awk '{s += $1} END {print s}'; }
redis_cpu() { cpu "$redis_pid"; }
alloc() { sleep 0.25; if [ -f "$1" ]; then awk '{print $1}' "$1"; else echo 0; fi; } # the hook writes every 100 ms
idle() { # bytes and ticks (server, PostgreSQL, Redis) of one idle interval of $duration seconds
    local a0 c0 p0 r0; a0=$(alloc "$out/$1.alloc"); c0=$(cpu "${pid[$1]}"); p0=$(pg_cpu); r0=$(redis_cpu); sleep "$duration"
    echo "$(( $(alloc "$out/$1.alloc") - a0 )) $(( $(cpu "${pid[$1]}") - c0 )) $(( $(pg_cpu) - p0 )) $(( $(redis_cpu) - r0 ))"
}

printf 'round\tbuild\trequests\trequests_per_s\tcpu_us_per_request\tbytes_per_request\tpg_cpu_us_per_request\tredis_cpu_us_per_request\n' >"$out/results.tsv"
echo "uptime before: $(uptime)" | tee "$out/uptime"
for r in $(seq "$rounds"); do
    order=("${names[@]:$(( (r - 1) % ${#names[@]} ))}" "${names[@]:0:$(( (r - 1) % ${#names[@]} ))}")
    for name in "${order[@]}"; do
        read -r idle_bytes idle_ticks idle_pg idle_redis < <(idle "$name")
        a0=$(alloc "$out/$name.alloc"); c0=$(cpu "${pid[$name]}"); p0=$(pg_cpu); q0=$(redis_cpu)
        run_wrk "$name" "$duration" "$out/$r.$name.wrk"
        c1=$(cpu "${pid[$name]}"); p1=$(pg_cpu); q1=$(redis_cpu); a1=$(alloc "$out/$name.alloc")
        n=$(awk '/^checked/{print $2}' "$out/$r.$name.wrk")
        rps=$(awk '/^Requests\/sec/{print $2}' "$out/$r.$name.wrk")
        python3 - "$r" "$name" "$n" "$rps" "$((c1 - c0))" "$idle_ticks" "$((a1 - a0))" "$idle_bytes" "$ticks" "$((p1 - p0))" "$idle_pg" "$((q1 - q0))" "$idle_redis" >>"$out/results.tsv" <<'PY'
import sys
r, name, n, rps, ticks, idle_ticks, nbytes, idle_bytes, hz, pg, idle_pg, rd, idle_rd = sys.argv[1:]
n = int(n)
us = lambda busy, idle: max(int(busy) - int(idle), 0) / int(hz) * 1e6 / n
per = max(int(nbytes) - int(idle_bytes), 0) / n if name != "node" else float("nan")
print(f"{r}\t{name}\t{n}\t{float(rps):.0f}\t{us(ticks, idle_ticks):.1f}\t{per:.0f}\t{us(pg, idle_pg):.1f}\t{us(rd, idle_rd):.1f}")
PY
        tail -1 "$out/results.tsv"
    done
done
echo "uptime after: $(uptime)" | tee -a "$out/uptime"
python3 - "$out/results.tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
builds = list(dict.fromkeys(r["build"] for r in rows))
def cell(vals, fmt):
    vals = [v for v in vals if v == v]
    return "—" if not vals else f"{fmt.format(statistics.median(vals))} ({fmt.format(min(vals))}–{fmt.format(max(vals))})"
print("\n| `POST /v1/content` | requests/s, median (min–max) | server CPU µs per request, median (min–max) | bytes allocated per request | PostgreSQL (primary) CPU µs per request | Redis CPU µs per request |")
print("| --- | --- | --- | --- | --- | --- |")
for b in builds:
    sel = [r for r in rows if r["build"] == b]
    print(f"| {b} | {cell([float(r['requests_per_s']) for r in sel], '{:,.0f}')} | {cell([float(r['cpu_us_per_request']) for r in sel], '{:.0f}')} | "
          f"{cell([float(r['bytes_per_request']) for r in sel], '{:,.0f}')} | {cell([float(r['pg_cpu_us_per_request']) for r in sel], '{:.0f}')} | "
          f"{cell([float(r['redis_cpu_us_per_request']) for r in sel], '{:.0f}')} |")
# Per-round ratios (same round, seconds apart), then their median and spread.
def ratios(a, b, field):
    out = []
    for r in sorted({x["round"] for x in rows}):
        x = [float(v[field]) for v in rows if v["round"] == r and v["build"] == a]
        y = [float(v[field]) for v in rows if v["round"] == r and v["build"] == b]
        if x and y and y[0] > 0:
            out.append(x[0] / y[0])
    return out
print("\n| ratio | requests/s, median (min–max of the rounds) | CPU per request, median (min–max) |")
print("| --- | --- | --- |")
for a in builds:
    for b in builds:
        if a != b and (b == "node" or (a != "node" and builds.index(a) > builds.index(b))):
            print(f"| {a} / {b} | {cell(ratios(a, b, 'requests_per_s'), '{:.2f}×')} | {cell(ratios(a, b, 'cpu_us_per_request'), '{:.2f}×')} |")
PY
