#!/usr/bin/env bash
# The cached public read alone: now one scenario of the HTTP benchmark (bench/http/run.sh), which runs the API,
# its Native AOT build, a bare minimal API and the Node peer alternated over rounds and checks every response.
#   bench/public-read/run.sh [SECONDS] [CONNECTIONS]   (default 5 s, 32 connections; ROUNDS, AOT as for bench/http)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCENARIOS=public DURATION=${1:-${DURATION:-5}} CONNECTIONS=${2:-${CONNECTIONS:-32}} COUNT=0 exec "$ROOT/bench/http/run.sh"
