#!/usr/bin/env bash
# Micro-benchmark (not a test): what the exact and semantic caches add to one LLM call, excluding the
# embedding, and what the budget adds (BudgetOverhead), against the ./dev Redis and PostgreSQL (./dev services).
#   bench/llm-cache/run.sh [BenchmarkDotNet arguments]      (default: --filter '*', every benchmark)
#   bench/llm-cache/run.sh --probe [calls] [path]           (round trips, statements, CPU per call: Probe.cs)
# For the probe's per-statement figures, the PostgreSQL must preload pg_stat_statements (docs/cost-control.md).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
export Redis__Configuration="${Redis__Configuration:-127.0.0.1:$REDIS_PORT}"
# BudgetOverhead makes (and drops) a database of its own on the ./dev PostgreSQL.
export Database__Admin="${Database__Admin:-Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres}"
out="$ROOT/artifacts/bench/llm-cache"
mkdir -p "$out"
cd "$out"
# Without arguments every benchmark runs; e.g. --filter '*BudgetOverhead*' runs one class.
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--filter '*')
dotnet run -c Release --project "$ROOT/bench/llm-cache/Overhead" -- "${args[@]}"
