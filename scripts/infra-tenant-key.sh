#!/usr/bin/env bash
# Registers a tenant's API key with API Gateway in every region of an environment and attaches it to
# its tier's usage plan (the plan ids are published in Parameter Store by the app stacks).
#   scripts/infra-tenant-key.sh ENV attach TENANT_ID TIER   < raw-key   (also moves a key to a new tier)
#   scripts/infra-tenant-key.sh ENV revoke TENANT_ID
# The raw key is the one the platform issued at onboarding (stored hashed in PostgreSQL); it is read
# from standard input and handed to the aws CLI in a private temporary file, so it never appears in
# a process list or shell history. Needs the aws CLI and
# credentials allowed to manage API Gateway keys and read /serverless/ENV/usage-plans/*.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

env_name=${1:?usage: scripts/infra-tenant-key.sh ENV attach|revoke TENANT_ID [TIER]}
action=${2:?usage: scripts/infra-tenant-key.sh ENV attach|revoke TENANT_ID [TIER]}
tenant=${3:?usage: scripts/infra-tenant-key.sh ENV attach|revoke TENANT_ID [TIER]}
tier=${4:-}
config="$ROOT/infra/config/$env_name.json"
[ -f "$config" ] || { echo "no configuration $config" >&2; exit 2; }

# Regions and tiers from the same configuration the stacks were built from (it allows // comments).
read_config() {
    python3 - "$config" "$1" <<'PY'
import json, re, sys
text = re.sub(r'^\s*//.*$', '', open(sys.argv[1]).read(), flags=re.M)
config = json.loads(text)
if sys.argv[2] == "regions":
    for region in [config["primary"]] + config.get("secondaries", []):
        print(region["region"])
else:
    for tier in config["api"]["tiers"]:
        print(tier["name"])
PY
}
mapfile -t regions < <(read_config regions)
mapfile -t tiers < <(read_config tiers)
name="tenant-$tenant"

key_id() { aws apigateway get-api-keys --region "$1" --name-query "$name" --query "items[?name=='$name'].id | [0]" --output text; }
plan_id() { aws ssm get-parameter --region "$1" --name "/serverless/$env_name/usage-plans/$2" --query Parameter.Value --output text; }

case "$action" in
    attach)
        [ -n "$tier" ] || { echo "attach needs a tier: ${tiers[*]}" >&2; exit 2; }
        printf '%s\n' "${tiers[@]}" | grep -qx "$tier" || { echo "unknown tier $tier (${tiers[*]})" >&2; exit 2; }
        IFS= read -r raw_key || true
        [ "${#raw_key}" -ge 20 ] || { echo "pass the tenant's raw API key (20+ characters) on standard input" >&2; exit 2; }
        request=$(umask 077 && mktemp)
        trap 'rm -f "$request"' EXIT
        python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "enabled": True, "value": sys.stdin.read().rstrip("\n")}))' \
            "$name" <<<"$raw_key" > "$request"
        for region in "${regions[@]}"; do
            id=$(key_id "$region")
            if [ -z "$id" ] || [ "$id" = None ]; then
                id=$(aws apigateway create-api-key --region "$region" --cli-input-json "file://$request" --query id --output text)
            fi
            # A key belongs to exactly one tier: leave the others' plans first.
            for other in "${tiers[@]}"; do
                [ "$other" = "$tier" ] && continue
                aws apigateway delete-usage-plan-key --region "$region" --usage-plan-id "$(plan_id "$region" "$other")" \
                    --key-id "$id" >/dev/null 2>&1 || true
            done
            aws apigateway create-usage-plan-key --region "$region" --usage-plan-id "$(plan_id "$region" "$tier")" \
                --key-id "$id" --key-type API_KEY >/dev/null 2>&1 || true
            echo "$region: $name on $tier"
        done
        ;;
    revoke)
        for region in "${regions[@]}"; do
            id=$(key_id "$region")
            if [ -n "$id" ] && [ "$id" != None ]; then
                aws apigateway delete-api-key --region "$region" --api-key "$id"
                echo "$region: $name revoked"
            fi
        done
        ;;
    *) echo "unknown action $action (attach, revoke)" >&2; exit 2 ;;
esac
