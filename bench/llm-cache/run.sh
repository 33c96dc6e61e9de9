#!/usr/bin/env bash
# Micro-benchmark (not a test): what the exact and semantic caches add to one LLM call, excluding the
# embedding, against the ./dev Redis (start it with ./dev services).
#   bench/llm-cache/run.sh [BenchmarkDotNet arguments]      (default: all benchmarks, short-run job)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
export Redis__Configuration="${Redis__Configuration:-127.0.0.1:$REDIS_PORT}"
out="$ROOT/artifacts/bench/llm-cache"
mkdir -p "$out"
cd "$out"
dotnet run -c Release --project "$ROOT/bench/llm-cache/Overhead" -- --filter '*' "$@"
