#!/usr/bin/env bash
# Cold-start benchmark (not a test): the sample API and a hello-world function, each Native AOT and JIT,
# started fresh against the Runtime API emulator; prints time to the first response and RSS, with ratios.
#   bench/lambda/run.sh [RUNS]     (default 10 runs per executable; 3-5 minutes on 2 cores)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
runs=${1:-10}
out="$ROOT/artifacts/bench"
publish() { # project dir, output name, extra msbuild properties...
    local project=$1 name=$2; shift 2
    dotnet publish "$ROOT/$project" -c Release -r linux-x64 -o "$out/$name" --disable-build-servers -nodeReuse:false -clp:NoSummary "$@" >"$out/$name.log" 2>&1 \
        || { cat "$out/$name.log" >&2; die "publish $project failed"; }
}

command -v clang >/dev/null 2>&1 && dpkg -s zlib1g-dev >/dev/null 2>&1 || apt_install clang zlib1g-dev
mkdir -p "$out"
step "Publish the sample API and hello world, Native AOT and JIT"
publish tests/Serverless.Lambda.SampleApi sample-aot
publish bench/lambda/Hello hello-aot
# The same code on the JIT: keep the request delegate generator that AOT turns on.
publish tests/Serverless.Lambda.SampleApi sample-jit -p:PublishAot=false -p:EnableRequestDelegateGenerator=true --self-contained false
publish bench/lambda/Hello hello-jit -p:PublishAot=false --self-contained false
ok
step "Measure ($runs cold starts each)"
dotnet run --project "$ROOT/bench/lambda/Runner" -c Release -- "$out" "$runs"
