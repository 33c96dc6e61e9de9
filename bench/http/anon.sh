#!/usr/bin/env bash
# The anonymous hot paths (GET /health/live and a cached public read), per request: CPU time of the API process
# and bytes allocated, for one or more JIT builds side by side, the order rotated every round. Not a test.
# Counts that move little with the machine's load, where requests/s on 2 shared cores moves a lot.
#
#   CHECK_ONLY=1 AOT=0 bench/http/run.sh      first: builds, the bench database, its tenant and published item
#   bench/http/anon.sh                        the Release build in src/Serverless.Api/bin/Release/net10.0
#   BUILDS="before=/tmp/api-before after=src/Serverless.Api/bin/Release/net10.0" ROUNDS=5 bench/http/anon.sh
#   API_ENV='DOTNET_gcServer=0' ...           extra environment for every build
#   BUILDS="server=artifacts/lambda/serverless-api wks=artifacts/lambda/serverless-api" ENV_wks='DOTNET_gcServer=0' \
#       bench/http/anon.sh                    Native AOT builds (a folder with bootstrap), each with its own environment:
#                                             GC settings side by side (no allocation count: the hook needs the JIT)
#
# Allocations come from bench/http/AllocHook (a startup hook: GC.GetTotalAllocatedBytes every 100 ms), so the
# shipped API carries no counting code; the bytes and CPU time of an idle interval of the same length (the
# API's background work) are subtracted.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

rounds=${ROUNDS:-3}
duration=${DURATION:-5}
connections=${CONNECTIONS:-32}
builds=${BUILDS:-"api=src/Serverless.Api/bin/Release/net10.0"}
port_base=${SL_BENCH_PORT_BASE:-$(((API_PORT + 100) % 32768))}
db=serverless_bench_http
out="$ROOT/artifacts/bench/http/anon"
hook="$ROOT/bench/http/AllocHook/bin/Release/net10.0/AllocHook.dll"
mkdir -p "$out"
rm -rf "${out:?}"/*
declare -A pid=()
cleanup() { for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

[ -f "$hook" ] || dotnet build "$ROOT/bench/http/AllocHook" -c Release -v quiet -nologo -clp:NoSummary >"$out/hook-build.log" 2>&1 \
    || die "build of bench/http/AllocHook failed; see $out/hook-build.log"
tenant=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -Atc "select slug from tenants where slug like 'bench-%' order by slug desc limit 1" 2>/dev/null) \
    || die "no bench database: run CHECK_ONLY=1 AOT=0 bench/http/run.sh first"
[ -n "$tenant" ] || die "no bench tenant: run CHECK_ONLY=1 AOT=0 bench/http/run.sh first"
declare -A path=([live]=/health/live [public]="/public/$tenant/article/hello-world")
read -r -a extra_env <<<"${API_ENV:-}"

names=()
i=0
for b in $builds; do
    name=${b%%=*} dir=${b#*=}
    [[ $dir == /* ]] || dir="$ROOT/$dir"
    env_var="ENV_$name"
    read -r -a own_env <<<"${!env_var:-}"
    if [ -x "$dir/bootstrap" ]; then
        run=(./bootstrap) # Native AOT: no startup hooks, so no allocation count
    else
        [ -f "$dir/Serverless.Api.dll" ] || die "$name: no Serverless.Api.dll or bootstrap in $dir"
        # A copy whose runtimeconfig allows startup hooks (the API's own disallows them, as AOT-compatible builds do).
        rm -rf "$out/$name.app" && cp -r "$dir" "$out/$name.app" && dir="$out/$name.app"
        sed -i 's/"System.StartupHookProvider.IsSupported": false/"System.StartupHookProvider.IsSupported": true/' "$dir/Serverless.Api.runtimeconfig.json"
        run=(dotnet Serverless.Api.dll)
    fi
    port=$((port_base + 10 + i))
    (cd "$dir" && exec env \
        Database__Admin="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db" \
        Database__Primary="Host=127.0.0.1;Port=$PG_PORT;Username=serverless_app;Database=$db" \
        Database__Replica="Host=127.0.0.1;Port=$REPLICA_PORT;Username=serverless_app;Database=$db" \
        Redis__Configuration="127.0.0.1:$REDIS_PORT,defaultDatabase=${BENCH_REDIS_DB:-9}" \
        SL_SQS_URL="http://127.0.0.1:$SQS_PORT" SL_DYNAMODB_URL="http://127.0.0.1:$DDB_PORT" \
        Logging__LogLevel__Default=Warning PublicContent__RateLimitPermits=100000000 \
        "Region__ConsistencyKey=$(head -c 32 /dev/urandom | base64)" "SecretsAtRest__Key=$(head -c 32 /dev/urandom | base64)" Jwt__Issuer=serverless-bench Jwt__Audience=serverless-api \
        Jwt__Authority=https://issuer.invalid/ DOTNET_STARTUP_HOOKS="$hook" ALLOC_HOOK_FILE="$out/$name.alloc" "${extra_env[@]}" "${own_env[@]}" \
        "${run[@]}" --urls "http://127.0.0.1:$port") >"$out/$name.log" 2>&1 &
    pid[$name]=$!
    declare -g "port_$name=$port"
    names+=("$name")
    i=$((i + 1))
done
for name in "${names[@]}"; do
    p="port_$name"
    wait_port "${!p}" 60 || die "$name did not start; see $out/$name.log"
    for s in live public; do
        code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${!p}${path[$s]}")
        [ "$code" = 200 ] || die "$name: $s answered $code"
    done
    wrk -t2 -c"$connections" -d3s "http://127.0.0.1:${!p}/health/live" >/dev/null
    wrk -t2 -c"$connections" -d3s "http://127.0.0.1:${!p}${path[public]}" >/dev/null
done

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }           # utime + stime, in ticks
alloc() { sleep 0.25; if [ -f "$1" ]; then awk '{print $1}' "$1"; else echo 0; fi; } # the hook writes every 100 ms
idle() { # bytes and ticks of one idle interval of $duration seconds
    local a0 c0; a0=$(alloc "$out/$1.alloc"); c0=$(cpu "${pid[$1]}"); sleep "$duration"
    echo "$(( $(alloc "$out/$1.alloc") - a0 )) $(( $(cpu "${pid[$1]}") - c0 ))"
}

printf 'round\tbuild\tscenario\trequests\trequests_per_s\tcpu_us_per_request\tbytes_per_request\trss_mb\n' >"$out/results.tsv"
echo "uptime before: $(uptime)" | tee "$out/uptime"
for r in $(seq "$rounds"); do
    order=("${names[@]:$(( (r - 1) % ${#names[@]} ))}" "${names[@]:0:$(( (r - 1) % ${#names[@]} ))}")
    for s in live public; do
        for name in "${order[@]}"; do
            p="port_$name"
            read -r idle_bytes idle_ticks < <(idle "$name")
            a0=$(alloc "$out/$name.alloc"); c0=$(cpu "${pid[$name]}")
            wrk -t2 -c"$connections" -d"${duration}s" "http://127.0.0.1:${!p}${path[$s]}" >"$out/$r.$name.$s.wrk"
            c1=$(cpu "${pid[$name]}"); a1=$(alloc "$out/$name.alloc")
            n=$(awk '/requests in/{print $1}' "$out/$r.$name.$s.wrk")
            rps=$(awk '/^Requests\/sec/{print $2}' "$out/$r.$name.$s.wrk")
            grep -q "Non-2xx" "$out/$r.$name.$s.wrk" && die "$name: non-2xx answers in $s; see $out/$r.$name.$s.wrk"
            rss_kb=$(awk '/^VmRSS/{print $2}' "/proc/${pid[$name]}/status")
            python3 - "$r" "$name" "$s" "$n" "$rps" "$((c1 - c0))" "$idle_ticks" "$((a1 - a0))" "$idle_bytes" "$ticks" "$rss_kb" >>"$out/results.tsv" <<'PY'
import sys
r, name, s, n, rps, ticks, idle_ticks, nbytes, idle_bytes, hz, rss_kb = sys.argv[1:]
n = int(n)
# The idle interval is as long as the run (the 0.25 s reads aside), so its cost is subtracted as it is.
cpu_us = max(int(ticks) - int(idle_ticks), 0) / int(hz) * 1e6 / n
per = max(int(nbytes) - int(idle_bytes), 0) / n
print(f"{r}\t{name}\t{s}\t{n}\t{float(rps):.0f}\t{cpu_us:.1f}\t{per:.0f}\t{int(rss_kb) / 1024:.0f}")
PY
            tail -1 "$out/results.tsv"
        done
    done
done
echo "uptime after: $(uptime)" | tee -a "$out/uptime"
for name in "${names[@]}"; do printf '%s\t%s\n' "$name" "$(awk '/^VmHWM/{print $2}' "/proc/${pid[$name]}/status")"; done >"$out/hwm.tsv"
python3 - "$out/results.tsv" "$out/hwm.tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
hwm = dict(line.split() for line in open(sys.argv[2]) if line.strip())
print("\n| scenario | build | requests/s, median (min–max) | CPU µs per request, median (min–max) | bytes allocated per request, median (min–max) | VmRSS after, MB, median (min–max) |")
print("| --- | --- | --- | --- | --- | --- |")
def cell(vals, fmt):
    return f"{fmt.format(statistics.median(vals))} ({fmt.format(min(vals))}–{fmt.format(max(vals))})"
for s in ("live", "public"):
    for b in dict.fromkeys(r["build"] for r in rows):
        sel = [r for r in rows if r["build"] == b and r["scenario"] == s]
        label = "`GET /health/live`" if s == "live" else "cached `GET /public/{tenant}/{type}/{slug}`"
        print(f"| {label} | {b} | {cell([float(r['requests_per_s']) for r in sel], '{:,.0f}')} | "
              f"{cell([float(r['cpu_us_per_request']) for r in sel], '{:.1f}')} | {cell([float(r['bytes_per_request']) for r in sel], '{:,.0f}')} | "
              f"{cell([float(r['rss_mb']) for r in sel], '{:.0f}')} |")
print("\n| build | VmHWM (peak RSS) at the end, MB |")
print("| --- | --- |")
for b, kb in hwm.items():
    print(f"| {b} | {int(kb) / 1024:.0f} |")
PY
