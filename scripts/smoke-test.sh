#!/usr/bin/env bash
# Checks a freshly deployed environment from the outside, through the same doors users use.
#   scripts/smoke-test.sh cdk.out/staging-outputs.json
# The file is what `scripts/infra-cdk.sh ENV deploy` writes (cdk deploy --outputs-file).
# Exits non-zero on the first failure, so the pipeline stops before production.
set -euo pipefail
outputs=${1:?usage: scripts/smoke-test.sh OUTPUTS_JSON}
[ -f "$outputs" ] || { echo "no outputs file $outputs" >&2; exit 2; }

# Stack outputs: the CloudFront domain from the edge stack, the API URL of every region's app stack.
read_outputs() {
    python3 - "$outputs" "$1" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
for stack, values in sorted(data.items()):
    for key, value in values.items():
        if key == sys.argv[2]:
            print(value)
PY
}
edge=$(read_outputs DistributionDomain)
mapfile -t regional < <(read_outputs ApiUrl)
[ -n "$edge" ] || { echo "no DistributionDomain in $outputs" >&2; exit 1; }
[ "${#regional[@]}" -gt 0 ] || { echo "no ApiUrl in $outputs" >&2; exit 1; }

failures=0
# A new deployment can take a minute to answer everywhere (CloudFront propagation, cold starts).
expect() {
    local want=$1 url=$2 got=000
    shift 2
    for attempt in 1 2 3 4 5 6; do
        got=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 20 "$@" "$url" || echo 000)
        [ "$got" = "$want" ] && break
        sleep $(( attempt * 5 ))
    done
    if [ "$got" = "$want" ]; then echo "ok    $want $url"; else echo "FAIL  $url answered $got, expected $want"; failures=$((failures + 1)); fi
}

for api in "${regional[@]}"; do
    expect 200 "${api%/}/health/live"
done
expect 200 "https://$edge/health/live"
# Tenant routes with neither an API key nor a token are refused by the JWT authorizer (401) before the
# API's Lambda runs.
expect 401 "https://$edge/v1/content"
expect 401 "${regional[0]%/}/v1/content"

headers=$(curl -sS -D - -o /dev/null --max-time 20 "https://$edge/health/live" | tr -d '\r')
for header in strict-transport-security x-content-type-options x-frame-options; do
    if grep -qi "^$header:" <<<"$headers"; then echo "ok    $header"; else echo "FAIL  missing $header"; failures=$((failures + 1)); fi
done

[ "$failures" = 0 ] || { echo "$failures smoke check(s) failed" >&2; exit 1; }
echo "smoke test passed: $edge and ${#regional[@]} region(s)"
