#!/usr/bin/env bash
# Throughput benchmark (not a test): a cached GET /public/{tenant}/{type}/{slug} on the real API beside
# a bare minimal-API endpoint sending the same bytes, both measured with wrk in this script; prints
# requests/s and p50 latency of each and their ratios.
#   bench/public-read/run.sh [SECONDS] [CONNECTIONS]   (default 10 s, 32 connections, 2 wrk threads)
# Needs the ./dev services (PostgreSQL primary + replica, Redis, SQS emulator). Uses its own database.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
seconds=${1:-10}
connections=${2:-32}
out="$ROOT/artifacts/bench/public-read"
db=serverless_bench
api_port=15190
bare_port=15191
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

command -v wrk >/dev/null 2>&1 || apt_install wrk
mkdir -p "$out"

step "Build the API, the CLI and the bare endpoint (Release)"
# SL_BENCH_SKIP_BUILD=1 reuses the last build.
for project in src/Serverless.Api src/Serverless.Cli bench/public-read/Bare; do
    [ -n "${SL_BENCH_SKIP_BUILD:-}" ] && break
    dotnet build "$ROOT/$project" -c Release -v quiet -nologo -clp:NoSummary >"$out/build.log" 2>&1 \
        || { tail -30 "$out/build.log" >&2; die "build of $project failed"; }
done
ok

step "Fresh database '$db' with one tenant and one published item"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
export Database__Admin="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db"
export Database__Primary="Host=127.0.0.1;Port=$PG_PORT;Username=serverless_app;Database=$db"
export Database__Replica="Host=127.0.0.1;Port=$REPLICA_PORT;Username=serverless_app;Database=$db"
export Redis__Configuration="127.0.0.1:$REDIS_PORT"
export SL_SQS_URL="http://127.0.0.1:$SQS_PORT" SL_DYNAMODB_URL="http://127.0.0.1:$DDB_PORT"
cli="$ROOT/src/Serverless.Cli/bin/Release/net10.0/Serverless.Cli.dll"
dotnet "$cli" migrate >/dev/null
dotnet "$cli" tenant create bench --name "Bench" --tier standard >/dev/null
key=$(dotnet "$cli" key issue bench --name bench --quiet)
ok

step "Start the API on :$api_port (request logging off, rate limit out of the way)"
# From its output folder, so it reads its appsettings.json as it does when deployed.
(cd "$ROOT/src/Serverless.Api/bin/Release/net10.0" && Logging__LogLevel__Default=Warning PublicContent__RateLimitPermits=100000000 \
    exec dotnet Serverless.Api.dll --urls "http://127.0.0.1:$api_port") >"$out/api.log" 2>&1 &
pids+=($!)
wait_port "$api_port" 30 || die "the API did not start; see $out/api.log"
curl -sf -X POST "http://127.0.0.1:$api_port/v1/content" -H "x-api-key: $key" -H 'content-type: application/json' \
    -d '{"type":"article","slug":"hello-world","locale":"en","status":"published","title":"Hello, world","body":"A published article of a realistic size. '"$(printf 'Lorem ipsum dolor sit amet. %.0s' {1..40})"'","attributes":{"tags":["bench"]}}' >/dev/null
url="http://127.0.0.1:$api_port/public/bench/article/hello-world"
for _ in $(seq 50); do # the replica may need a moment to replay the new item
    [ "$(curl -s -o "$out/body.json" -w '%{http_code}' "$url")" = 200 ] && break; sleep 0.1
done
cache=$(curl -s -D - -o /dev/null "$url" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache"{print $2}')
[ "$cache" = HIT ] || die "the item is not served from the cache (x-cache: $cache)"
ok "cached: x-cache $cache, $(wc -c <"$out/body.json") bytes"

step "Start the bare endpoint on :$bare_port"
dotnet "$ROOT/bench/public-read/Bare/bin/Release/net10.0/Bare.dll" "$out/body.json" --urls "http://127.0.0.1:$bare_port" >"$out/bare.log" 2>&1 &
pids+=($!)
wait_port "$bare_port" 30 || die "the bare endpoint did not start; see $out/bare.log"
ok

measure() { # name url -> "requests/s p50-ms"
    wrk -t2 -c"$connections" -d2s "$2" >/dev/null # warm-up: JIT, connection pools
    wrk -t2 -c"$connections" -d"${seconds}s" --latency "$2" >"$out/$1.wrk"
    local rps p50
    rps=$(awk '/^Requests\/sec/{print $2}' "$out/$1.wrk")
    p50=$(awk '$1=="50%"{v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$out/$1.wrk")
    echo "$rps $p50"
}
step "Measure: wrk, 2 threads, $connections connections, ${seconds} s each, one after the other"
read -r api_rps api_p50 < <(measure api "$url")
read -r bare_rps bare_p50 < <(measure bare "http://127.0.0.1:$bare_port/bare")
ok

printf '\n%-28s %12s %10s\n' "" "requests/s" "p50 (ms)"
printf '%-28s %12.0f %10.3f\n' "GET /public/... (cached)" "$api_rps" "$api_p50"
printf '%-28s %12.0f %10.3f\n' "bare minimal API" "$bare_rps" "$bare_p50"
awk -v a="$api_rps" -v b="$bare_rps" -v ap="$api_p50" -v bp="$bare_p50" \
    'BEGIN { printf "%-28s %11.2fx %9.2fx\n", "API / bare", a / b, ap / bp }'
echo "(wrk output in $out; $(nproc) cores shared with whatever else runs)"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
