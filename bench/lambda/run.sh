#!/usr/bin/env bash
# Cold-start benchmark (not a test): hello world, the adapter's sample API, the real API and the real worker,
# Native AOT (and hello/sample/API on the JIT), started fresh against the Runtime API emulator in one
# interleaved run; prints time to the first response, CPU and RSS with ratios, then a start-up trace.
#   bench/lambda/run.sh [RUNS]     (default 10 runs per executable; 15-30 minutes on 2 busy cores, mostly publishing)
#   BENCH_ONLY=api-aot,api-aot-tracing,worker-aot,worker-aot-tracing bench/lambda/run.sh 10
#                                                          only the real API and worker, tracing off and on
#   BENCH_ONLY=sample-aot,api-aot bench/lambda/run.sh 9     the start-up goal: real API against the sample API
#     (BENCH_ONLY names hello-aot sample-aot api-aot api-aot-tracing worker-aot worker-aot-tracing hello-jit
#     sample-jit api-jit; only those are published and measured)
#   BENCH_REUSE=1 ...     measure the folders already in artifacts/bench, publishing only those missing
#   api-aot-baseline      a copy of an earlier API package put in artifacts/bench/api-aot-baseline by hand (with
#                         its .dbg): measured interleaved with the current one, e.g.
#                         BENCH_ONLY=sample-aot,api-aot,api-aot-baseline BENCH_REUSE=1 bench/lambda/run.sh 15
#   BENCH_PERF=DIR ...    also a perf profile of one start of each (perf report -i DIR/api-aot.perf.data);
#                         BENCH_PERF_RUNS=N profiles N starts, which bench/lambda/perf-phases.py adds up by phase
# The real API and worker start as deployed (AWS_LAMBDA_RUNTIME_API set) against ./dev's local PostgreSQL
# and Redis, which this script starts (SL_*_PORT choose the ports, as for ./dev).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/services.sh
. "$ROOT/scripts/services.sh"
# shellcheck source=scripts/app.sh
. "$ROOT/scripts/app.sh"
runs=${1:-10}
out="$ROOT/artifacts/bench"
publish() { # project dir, output name, extra msbuild properties...
    local project=$1 name=$2; shift 2
    dotnet publish "$ROOT/$project" -c Release -r linux-x64 -o "$out/$name" --disable-build-servers -nodeReuse:false -clp:NoSummary "$@" >"$out/$name.log" 2>&1 \
        || { cat "$out/$name.log" >&2; die "publish $project failed"; }
}
jit=(-p:PublishAot=false -p:EnableRequestDelegateGenerator=true -p:EnableConfigurationBindingGenerator=true --self-contained false)

command -v clang >/dev/null 2>&1 && dpkg -s zlib1g-dev >/dev/null 2>&1 || apt_install clang zlib1g-dev
mkdir -p "$out"
services_up
step "Migrating the local database"
dotnet build "$ROOT/src/Serverless.Cli/Serverless.Cli.csproj" -c Release -v quiet -nologo >/dev/null
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc "select 1 from pg_database where datname = '$DB_NAME'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "create database $DB_NAME" >/dev/null
dotnet "$CLI_DLL" migrate >/dev/null
ok
step "Publish hello world, the sample API, the real API and worker (Native AOT), and JIT builds"
only=${BENCH_ONLY:-}
# Whether a folder is to be published now: named by BENCH_ONLY (or no BENCH_ONLY), and not reused.
wanted() {
    { [ -z "$only" ] || [[ ",$only," == *",$1,"* || ",$only," == *",$1-tracing,"* ]]; } \
        && { [ -z "${BENCH_REUSE:-}" ] || [ ! -d "$out/$1" ]; }
}
! wanted hello-aot || publish bench/lambda/Hello hello-aot
! wanted sample-aot || publish tests/Serverless.Lambda.SampleApi sample-aot
# The real API and worker exactly as they ship: scripts/package-lambda.sh (its warning rule included), with
# their symbols beside the executable (not in the zip) so that a perf profile names functions.
for project in Serverless.Api Serverless.Worker; do
    name=$(echo "$project" | tr '[:upper:]' '[:lower:]' | tr '.' '-')
    folder=${name#serverless-}-aot
    wanted "$folder" || continue
    "$ROOT/scripts/package-lambda.sh" "src/$project" >"$out/$name.package.log" 2>&1 || { cat "$out/$name.package.log" >&2; die "packaging $project failed"; }
    rm -rf "${out:?}/$folder" && cp -r "$ROOT/artifacts/lambda/$name" "$out/$folder"
    cp "$ROOT/artifacts/lambda/$name.symbols/"* "$out/$folder/" 2>/dev/null || true
done
! wanted hello-jit || publish bench/lambda/Hello hello-jit -p:PublishAot=false --self-contained false
# The same code on the JIT: keep the source generators that AOT turns on.
! wanted sample-jit || publish tests/Serverless.Lambda.SampleApi sample-jit "${jit[@]}"
! wanted api-jit || publish src/Serverless.Api api-jit "${jit[@]}"
ok
step "Measure ($runs cold starts each)"
BENCH_ONLY=$only dotnet run --project "$ROOT/bench/lambda/Runner" -c Release -- "$out" "$runs"
