#!/usr/bin/env bash
# The read paths per request, where requests/s on 2 shared cores says little: CPU time of each server process and
# bytes it allocated per request, for the API builds beside the bare minimal API and the Node peer (the floors the
# goals are set against), the order rotated every round. Not a test; docs/performance.md ("Reads, round 3").
#
#   CHECK_ONLY=1 bench/http/run.sh            first: builds (JIT, AOT, bare), the bench database, its tenant and item
#   bench/http/anon.sh                        the defaults: api (JIT Release), aot (if published), bare, node (if installed)
#   BUILDS="main=/tmp/anon-ref after=src/Serverless.Api/bin/Release/net10.0 bare=bench/http/Bare/bin/Release/net10.0" \
#       ROUNDS=5 bench/http/anon.sh           several API builds side by side (before/after, interleaved)
#   SCENARIOS=live,public                     only some of: live public get
#   API_ENV='DOTNET_gcServer=0' ...           extra environment for every API build; ENV_<name>='...' for one build
#
# A build is a folder: with Serverless.Api.dll (the JIT API), bootstrap (the Native AOT API), Bare.dll (the bare
# minimal API; live and public only) or server.mjs (the Node peer). Scenarios:
#   live    GET /health/live
#   public  a cached GET /public/{tenant}/{type}/{slug} (every candidate's body compared byte for byte first)
#   get     the uncached GET /v1/content/{id} with an API key (API builds and the Node peer; plus pgbench -S as the
#           floor: its client's CPU and PostgreSQL's per transaction)
# Per request: the server process's CPU (utime + stime from /proc), PostgreSQL's CPU (both servers' postmasters and
# every child, reaped ones included), bytes allocated (bench/http/AllocHook, a startup hook: JIT builds and the bare
# API; not AOT, not Node). The CPU and bytes of an idle interval of the same length are subtracted.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

rounds=${ROUNDS:-3}
duration=${DURATION:-5}
connections=${CONNECTIONS:-32}
scenarios=,${SCENARIOS:-live,public,get},
default_builds="api=src/Serverless.Api/bin/Release/net10.0"
[ -x "$ROOT/artifacts/lambda/serverless-api/bootstrap" ] && default_builds+=" aot=artifacts/lambda/serverless-api"
default_builds+=" bare=bench/http/Bare/bin/Release/net10.0"
[ -d "$ROOT/bench/http/node-peer/node_modules" ] && default_builds+=" node=bench/http/node-peer"
builds=${BUILDS:-$default_builds}
port_base=${SL_BENCH_PORT_BASE:-$(((API_PORT + 100) % 32768))}
redis_db=${BENCH_REDIS_DB:-9}
db=serverless_bench_http
out="$ROOT/artifacts/bench/http/anon"
hook="$ROOT/bench/http/AllocHook/bin/Release/net10.0/AllocHook.dll"
cli="$ROOT/src/Serverless.Cli/bin/Release/net10.0/Serverless.Cli.dll"
mkdir -p "$out"
rm -rf "${out:?}"/*
declare -A pid=()
cleanup() { for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wants() { [[ $scenarios == *,$1,* ]]; }

[ -f "$hook" ] || dotnet build "$ROOT/bench/http/AllocHook" -c Release -v quiet -nologo -clp:NoSummary >"$out/hook-build.log" 2>&1 \
    || die "build of bench/http/AllocHook failed; see $out/hook-build.log"
tenant=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -Atc "select slug from tenants where slug like 'bench-%' order by slug desc limit 1" 2>/dev/null) \
    || die "no bench database: run CHECK_ONLY=1 bench/http/run.sh first"
[ -n "$tenant" ] || die "no bench tenant: run CHECK_ONLY=1 bench/http/run.sh first"
export Database__Admin="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db"
export Database__Primary="Host=127.0.0.1;Port=$PG_PORT;Username=serverless_app;Database=$db"
export Database__Replica="Host=127.0.0.1;Port=$REPLICA_PORT;Username=serverless_app;Database=$db"
export Redis__Configuration="127.0.0.1:$REDIS_PORT,defaultDatabase=$redis_db"
export SL_SQS_URL="http://127.0.0.1:$SQS_PORT" SL_DYNAMODB_URL="http://127.0.0.1:$DDB_PORT"
key=
if wants get; then
    [ -f "$cli" ] || die "no CLI build: run CHECK_ONLY=1 bench/http/run.sh first"
    key=$(dotnet "$cli" key issue "$tenant" --name "anon-$(date +%s)" --quiet) || die "could not issue an API key for $tenant"
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -Atc "select 1 from pgbench_accounts limit 1" >/dev/null 2>&1 \
        || pgbench -i -q -s 10 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db" >"$out/pgbench-init.log" 2>&1 || die "pgbench -i failed; see $out/pgbench-init.log"
fi
declare -A path=([live]=/health/live [public]="/public/$tenant/article/hello-world")
read -r -a extra_env <<<"${API_ENV:-}"
api_env=(Logging__LogLevel__Default=Warning PublicContent__RateLimitPermits=100000000 RateLimits__Tiers__standard__Requests=1000000000
    "Region__ConsistencyKey=$(head -c 32 /dev/urandom | base64)" "SecretsAtRest__Key=$(head -c 32 /dev/urandom | base64)"
    Jwt__Issuer=serverless-bench Jwt__Audience=serverless-api Jwt__Authority=https://issuer.invalid/)

# Start every candidate but the bare API (it needs the API's bodies, below).
names=() apis=() bare_name= bare_dir=
declare -A kind=()
i=0
for b in $builds; do
    name=${b%%=*} dir=${b#*=}
    [[ $dir == /* ]] || dir="$ROOT/$dir"
    env_var="ENV_${name//-/_}" # ENV_main_aot for a build named main-aot
    read -r -a own_env <<<"${!env_var:-}"
    port=$((port_base + 10 + i))
    declare -g "port_${name//-/_}=$port" # a name may have a hyphen, a variable may not
    names+=("$name")
    i=$((i + 1))
    if [ -f "$dir/Bare.dll" ]; then
        kind[$name]=bare bare_name=$name bare_dir=$dir
        continue
    elif [ -f "$dir/server.mjs" ]; then
        kind[$name]=node
        (cd "$dir" && exec env PORT="$port" PG_PRIMARY="postgres://serverless_app@127.0.0.1:$PG_PORT/$db" \
            PG_REPLICA="postgres://serverless_app@127.0.0.1:$REPLICA_PORT/$db" REDIS_URL="redis://127.0.0.1:$REDIS_PORT/$redis_db" \
            RATE_LIMIT=1000000000 "${own_env[@]}" node server.mjs) >"$out/$name.log" 2>&1 &
        pid[$name]=$!
        continue
    elif [ -x "$dir/bootstrap" ]; then
        kind[$name]=aot
        run=(./bootstrap) # Native AOT: no startup hooks, so no allocation count
    else
        [ -f "$dir/Serverless.Api.dll" ] || die "$name: no Serverless.Api.dll, bootstrap, Bare.dll or server.mjs in $dir"
        kind[$name]=jit
        # A copy whose runtimeconfig allows startup hooks (the API's own disallows them, as AOT-compatible builds do).
        rm -rf "$out/$name.app" && cp -r "$dir" "$out/$name.app" && dir="$out/$name.app"
        sed -i 's/"System.StartupHookProvider.IsSupported": false/"System.StartupHookProvider.IsSupported": true/' "$dir/Serverless.Api.runtimeconfig.json"
        run=(dotnet Serverless.Api.dll)
    fi
    apis+=("$name")
    (cd "$dir" && exec env "${api_env[@]}" DOTNET_STARTUP_HOOKS="$hook" ALLOC_HOOK_FILE="$out/$name.alloc" "${extra_env[@]}" "${own_env[@]}" \
        "${run[@]}" --urls "http://127.0.0.1:$port") >"$out/$name.log" 2>&1 &
    pid[$name]=$!
done
[ ${#apis[@]} -gt 0 ] || die "BUILDS names no API build"
first=${apis[0]} p="port_${first//-/_}"
wait_port "${!p}" 60 || die "$first did not start; see $out/$first.log"
for s in live public; do
    code=$(curl -s -o "$out/$s.body" -w '%{http_code}' "http://127.0.0.1:${!p}${path[$s]}")
    [ "$code" = 200 ] || die "$first: $s answered $code"
done
item_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$out/public.body")
path[get]=/v1/content/$item_id
if wants get; then
    code=$(curl -s -o "$out/get.body" -w '%{http_code}' -H "x-api-key: $key" "http://127.0.0.1:${!p}${path[get]}")
    [ "$code" = 200 ] || die "$first: get answered $code"
fi
if [ -n "$bare_name" ]; then
    p="port_${bare_name//-/_}"
    DOTNET_STARTUP_HOOKS="$hook" ALLOC_HOOK_FILE="$out/$bare_name.alloc" \
        dotnet "$bare_dir/Bare.dll" "$out/public.body" "$out/live.body" --urls "http://127.0.0.1:${!p}" >"$out/$bare_name.log" 2>&1 &
    pid[$bare_name]=$!
fi
serves() { [ "${kind[$1]}" != bare ] || [ "$2" != get ]; }
key_for() { [ "$1" != get ] || echo "$key"; } # the key only where it belongs: a key on a public read authenticates it
for name in "${names[@]}"; do
    p="port_${name//-/_}"
    wait_port "${!p}" 60 || die "$name did not start; see $out/$name.log"
    for s in live public get; do
        wants "$s" && serves "$name" "$s" || continue
        hdr=(); [ "$s" != get ] || hdr=(-H "x-api-key: $key")
        code=$(curl -s -o "$out/$name.$s.check" -w '%{http_code}' "${hdr[@]}" "http://127.0.0.1:${!p}${path[$s]}")
        [ "$code" = 200 ] || die "$name: $s answered $code"
        # The same bytes as the first API build (the item's own body for the uncached read: the peer's equals it).
                cmp -s "$out/$name.$s.check" "$out/$s.body" || die "$name: its $s body differs from $first's"
        API_KEY=$(key_for "$s") wrk -t2 -c"$connections" -d3s -s "$ROOT/bench/http/check.lua" "http://127.0.0.1:${!p}${path[$s]}" >/dev/null
    done
done

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }           # utime + stime, in ticks
alloc() { sleep 0.25; if [ -f "$1" ]; then awk '{print $1}' "$1"; else echo 0; fi; } # the hook writes every 100 ms
# PostgreSQL's CPU, primary and replica: each postmaster's own and its reaped children's, plus its live children's.
postmasters=()
for node in primary replica; do
    f="$STATE/pg/$node/postmaster.pid"
    [ -r "$f" ] && postmasters+=("$(head -1 "$f")")
done
pgcpu() {
    local sum=0 pm
    for pm in "${postmasters[@]}"; do
        sum=$((sum + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")))
        # cat, not awk on the files: a backend may exit between the glob and the read.
        sum=$((sum + $(cat /proc/[0-9]*/stat 2>/dev/null | awk -v pm="$pm" '$4 == pm {s += $14 + $15} END {print s + 0}')))
    done
    echo "$sum"
}
idle() { # bytes, own ticks and PostgreSQL's ticks of one idle interval of $duration seconds
    local a0 c0 g0; a0=$(alloc "$out/$1.alloc"); c0=$(cpu "${pid[$1]}"); g0=$(pgcpu); sleep "$duration"
    echo "$(( $(alloc "$out/$1.alloc") - a0 )) $(( $(cpu "${pid[$1]}") - c0 )) $(( $(pgcpu) - g0 ))"
}
record() { # round name scenario requests rps ticks idle_ticks bytes idle_bytes pg_ticks idle_pg_ticks rss_kb
    python3 - "$@" "$ticks" >>"$out/results.tsv" <<'PY'
import sys
r, name, s, n, rps, t, it, b, ib, g, ig, rss_kb, hz = sys.argv[1:]
n, hz = int(n), int(hz)
# The idle interval is as long as the run (the 0.25 s reads aside), so its cost is subtracted as it is.
us = lambda a, i: max(int(a) - int(i), 0) / hz * 1e6 / n
per = "" if b == "-" else f"{max(int(b) - int(ib), 0) / n:.0f}"
rss = "" if rss_kb == "-" else f"{int(rss_kb) / 1024:.0f}"
print(f"{r}\t{name}\t{s}\t{n}\t{float(rps):.0f}\t{us(t, it):.1f}\t{per}\t{us(g, ig):.1f}\t{rss}")
PY
}

printf 'round\tbuild\tscenario\trequests\trequests_per_s\tcpu_us_per_request\tbytes_per_request\tpg_cpu_us_per_request\trss_mb\n' >"$out/results.tsv"
echo "uptime before: $(uptime)" | tee "$out/uptime"
git -C "$ROOT" rev-parse --short HEAD >"$out/commit" 2>/dev/null || true
pgbench_floor() { # pgbench -S -M prepared -c 8: the uncached read's floor; its own CPU (perf stat's task-clock) and PostgreSQL's
    local r=$1 file="$out/$1.pgbench.get" g0 g1 ig n tps ms
    read -r _ _ ig < <(idle "${apis[0]}")
    g0=$(pgcpu)
    perf stat -x, -e task-clock -o "$file.perf" pgbench -n -S -M prepared -c 8 -j 2 -T "$duration" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db" >"$file" 2>&1 \
        || die "pgbench -S failed; see $file"
    sleep 1 # its backends exit after it does: their CPU counts once the postmaster has reaped them
    g1=$(pgcpu)
    n=$(awk '/^number of transactions actually processed/{print $NF}' "$file" | cut -d/ -f1)
    tps=$(awk '/^tps = /{print $3}' "$file")
    ms=$(awk -F, '/task-clock/{print $1}' "$file.perf")
    record "$r" pgbench get "$n" "$tps" "$(python3 -c "print(round($ms / 1000 * $ticks))")" 0 - - "$((g1 - g0))" "$ig" -
    tail -1 "$out/results.tsv"
}
for r in $(seq "$rounds"); do
    order=("${names[@]:$(( (r - 1) % ${#names[@]} ))}" "${names[@]:0:$(( (r - 1) % ${#names[@]} ))}")
    for s in live public get; do
        wants "$s" || continue
        for name in "${order[@]}"; do
            serves "$name" "$s" || continue
            p="port_${name//-/_}"
            read -r idle_bytes idle_ticks idle_pg < <(idle "$name")
            a0=$(alloc "$out/$name.alloc"); c0=$(cpu "${pid[$name]}"); g0=$(pgcpu)
            WANT_BODY=$out/$s.body API_KEY=$(key_for "$s") wrk -t2 -c"$connections" -d"${duration}s" -s "$ROOT/bench/http/check.lua" "http://127.0.0.1:${!p}${path[$s]}" \
                >"$out/$r.$name.$s.wrk" 2>&1 || die "$name: wrk failed in $s; see $out/$r.$name.$s.wrk"
            c1=$(cpu "${pid[$name]}"); g1=$(pgcpu); a1=$(alloc "$out/$name.alloc")
            read -r checked wrong < <(awk '/^checked/{print $2, $4}' "$out/$r.$name.$s.wrk")
            [ "${checked:-0}" -gt 0 ] && [ "$wrong" = 0 ] || die "$name: $wrong of $checked $s answers wrong (status or bytes); see $out/$r.$name.$s.wrk"
            n=$(awk '/requests in/{print $1}' "$out/$r.$name.$s.wrk")
            rps=$(awk '/^Requests\/sec/{print $2}' "$out/$r.$name.$s.wrk")
            rss_kb=$(awk '/^VmRSS/{print $2}' "/proc/${pid[$name]}/status")
            bytes=-; [ -f "$out/$name.alloc" ] && bytes=$((a1 - a0))
            record "$r" "$name" "$s" "$n" "$rps" "$((c1 - c0))" "$idle_ticks" "$bytes" "$idle_bytes" "$((g1 - g0))" "$idle_pg" "$rss_kb"
            tail -1 "$out/results.tsv"
        done
        [ "$s" != get ] || pgbench_floor "$r"
    done
done
echo "uptime after: $(uptime)" | tee -a "$out/uptime"
for name in "${names[@]}"; do printf '%s\t%s\n' "$name" "$(awk '/^VmHWM/{print $2}' "/proc/${pid[$name]}/status")"; done >"$out/hwm.tsv"
python3 "$ROOT/bench/http/anon-summary.py" "$out" "${bare_name:--}" "${apis[@]}" | tee "$out/summary.md"
