#!/usr/bin/env bash
# The semantic cache's measurement (not a test): per threshold, the share of true pairs served and the
# share of served hits that were wrong, bare cosine vs guards vs guards + word check.
#   bench/semantic-cache/run.sh [FILE.jsonl ...] [--show THRESHOLD] [--word MIN]
# Default files: the shipped dev and test splits. Needs no services; the model is inside the package.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dotnet build "$ROOT/bench/semantic-cache/Bench" -c Release -v quiet -nologo -clp:NoSummary >/dev/null
if [ $# -eq 0 ] || [[ "$1" == --* ]]; then
    set -- "$ROOT/bench/semantic-cache/data/dev.jsonl" "$ROOT/bench/semantic-cache/data/test.jsonl" "$@"
fi
exec dotnet "$ROOT/bench/semantic-cache/Bench/bin/Release/net10.0/semantic-cache-bench.dll" "$@"
