#!/usr/bin/env bash
# Runs the project's pinned CDK CLI (tools/local) against one environment's configuration.
#   scripts/infra-cdk.sh ENV synth            offline; uses placeholder zips when the artifacts are not built
#   scripts/infra-cdk.sh ENV bootstrap        cdk bootstrap of every region of ENV (an administrator, once)
#   scripts/infra-cdk.sh ENV deploy-access    only the GitHub OIDC deploy role (an administrator, once)
#   scripts/infra-cdk.sh ENV deploy           every stack of ENV but DeployAccess (needs AWS credentials and the real artifacts)
#   scripts/infra-cdk.sh ENV diff|ls|...      any other cdk command, with ENV's configuration
# ENV is a file name under infra/config without .json: staging, production.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

env_name=${1:?usage: scripts/infra-cdk.sh ENV COMMAND [cdk options...]}
command=${2:?usage: scripts/infra-cdk.sh ENV COMMAND [cdk options...]}
shift 2
config="infra/config/$env_name.json"
[ -f "$config" ] || { echo "no configuration $config" >&2; exit 2; }

# Node 20 is what Debian and the CI image ship; jsii's end-of-life notice is noise here.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CDK_DISABLE_VERSION_CHECK=1
cdk="$ROOT/tools/local/node_modules/.bin/cdk"
if [ ! -x "$cdk" ]; then
    (cd tools/local && npm ci --no-audit --no-fund --loglevel=error)
fi

api=artifacts/lambda/serverless-api.zip
worker=artifacts/lambda/serverless-worker.zip
cli=artifacts/lambda/serverless-cli.zip
context=(-c "config=$config")
# Commands that deploy no Lambda code may synthesize with a placeholder zip.
needs_code=no
[ "$command" = deploy ] && needs_code=yes
if [ "$needs_code" = no ] && { [ ! -f "$api" ] || [ ! -f "$worker" ] || [ ! -f "$cli" ]; }; then
    # Synthesis checks the templates, not the binary: a stand-in zip keeps it independent of an AOT build.
    placeholder=${TMPDIR:-/tmp}/serverless-infra-placeholder/cli/placeholder.zip
    mkdir -p "$(dirname "$placeholder")"
    (cd "$(dirname "$placeholder")" && printf '#!/bin/sh\nexit 1\n' > bootstrap && python3 -c \
        'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],"w"); z.write("bootstrap"); z.close()' "$placeholder")
    echo "artifacts not built: using the placeholder $placeholder (templates only)" >&2
    context+=(-c "apiArtifact=$placeholder" -c "workerArtifact=$placeholder" -c "migrationsArtifact=$placeholder")
elif [ "$command" = deploy ]; then
    [ -f "$api" ] && [ -f "$worker" ] && [ -f "$cli" ] \
        || { echo "build the artifacts first: scripts/package-lambda.sh (API, worker), scripts/infra-package-cli.sh" >&2; exit 2; }
    # Never deploy a zip the custom runtime cannot start (a placeholder, a wrong architecture, new glibc).
    arch=$(python3 -c 'import json,re,sys; print(json.loads(re.sub(r"^\s*//.*$", "", open(sys.argv[1]).read(), flags=re.M)).get("lambda", {}).get("architecture", "x86_64"))' "$config")
    ARCH=$arch scripts/infra-check-artifact.sh "$api" "$worker"
fi

# The account and regions of ENV, from the same configuration the stacks are built from.
environments() {
    python3 - "$config" <<'PY'
import json, re, sys
config = json.loads(re.sub(r'^\s*//.*$', '', open(sys.argv[1]).read(), flags=re.M))
regions = [r["region"] for r in [config["primary"]] + config.get("secondaries", [])]
# CloudFront takes its WAF web ACL and certificate only from us-east-1 (the EdgeSecurity stack).
regions += [] if "us-east-1" in regions else ["us-east-1"]
for region in regions:
    print(f"aws://{config['account']}/{region}")
PY
}
primary=$(environments | head -1 | cut -d/ -f4)

case "$command" in
    synth)  exec "$cdk" synth -q --no-notices "${context[@]}" -o "cdk.out/$env_name" "$@" ;;
    bootstrap)
        mapfile -t targets < <(environments)
        exec "$cdk" bootstrap --no-notices "${context[@]}" "${targets[@]}" "$@" ;;
    deploy-access)
        exec "$cdk" deploy --exclusively --no-notices "${context[@]}" "Serverless-$env_name-DeployAccess" "$@" ;;
    deploy)
        # Data first, then the schema, then the code: new code never meets an old schema. (Migrations
        # are forward-only and additive, so the old code still running during the canary is fine too.)
        "$cdk" deploy --exclusively --no-notices --require-approval never "${context[@]}" \
            --outputs-file "cdk.out/$env_name-data-outputs.json" \
            "Serverless-$env_name-Foundation-$primary" "Serverless-$env_name-Data-$primary" "$@"
        scripts/infra-migrate.sh "cdk.out/$env_name-data-outputs.json" "$primary"
        # Every stack but DeployAccess: the deploy role must never widen its own permissions unreviewed;
        # an administrator deploys that stack with `deploy-access`, which asks before any IAM change.
        mapfile -t stacks < <("$cdk" ls --no-notices "${context[@]}" | grep -v -- '-DeployAccess$')
        exec "$cdk" deploy --no-notices --require-approval never "${context[@]}" \
            --outputs-file "cdk.out/$env_name-outputs.json" "${stacks[@]}" "$@" ;;
    *)      exec "$cdk" "$command" --no-notices "${context[@]}" "$@" ;;
esac
