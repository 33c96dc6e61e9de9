#!/usr/bin/env bash
# Applies pending schema migrations in an environment: starts the migrations CodeBuild project of the
# primary region (it runs `Serverless.Cli migrate` as the owner inside the VPC) and waits for it; on the
# first deploy it then rotates the application's secret once so serverless_app gets its password.
#   scripts/infra-migrate.sh OUTPUTS_JSON REGION
# OUTPUTS_JSON is what `cdk deploy --outputs-file` wrote for the primary data stack; scripts/infra-cdk.sh
# ENV deploy calls this between the data stacks and the app stacks, so new code meets a migrated schema.
set -euo pipefail
outputs=${1:?usage: scripts/infra-migrate.sh OUTPUTS_JSON REGION}
region=${2:?usage: scripts/infra-migrate.sh OUTPUTS_JSON REGION}

project=$(python3 - "$outputs" <<'PY'
import json, sys
for values in json.load(open(sys.argv[1])).values():
    for key, value in values.items():
        if key.startswith("MigrationsProjectName"):
            print(value)
PY
)
[ -n "$project" ] || { echo "no MigrationsProjectName output in $outputs" >&2; exit 1; }

build=$(aws codebuild start-build --region "$region" --project-name "$project" --query build.id --output text)
echo "migrations: $build"
# Bounded wait: the project's own timeout is 30 minutes.
for _ in $(seq 1 200); do
    status=$(aws codebuild batch-get-builds --region "$region" --ids "$build" --query 'builds[0].buildStatus' --output text)
    case "$status" in
        IN_PROGRESS) sleep 10 ;;
        SUCCEEDED) echo "migrations applied"; break ;;
        *) echo "migrations $status: see the project's CloudWatch logs ($project)" >&2; exit 1 ;;
    esac
done
[ "$status" = SUCCEEDED ] || { echo "migrations still running after 33 minutes" >&2; exit 1; }

# Migration 0001 creates serverless_app without a password. Its secret's first rotation (multi-user:
# the rotation signs in as the owner) gives the application a working login; later ones run on schedule.
app_secret=$(python3 - "$outputs" <<'PY'
import json, sys
for values in json.load(open(sys.argv[1])).values():
    for key, value in values.items():
        if key.startswith("AppSecretArn"):
            print(value)
PY
)
[ -n "$app_secret" ] || { echo "no AppSecretArn output in $outputs" >&2; exit 1; }
if [ "$(aws secretsmanager describe-secret --region "$region" --secret-id "$app_secret" --query LastRotatedDate --output text)" = None ]; then
    aws secretsmanager rotate-secret --region "$region" --secret-id "$app_secret" >/dev/null
    echo "first rotation of the application's database login started"
    # The app stacks deploy next: let them read a login that works.
    for _ in $(seq 1 60); do
        rotated=$(aws secretsmanager describe-secret --region "$region" --secret-id "$app_secret" --query LastRotatedDate --output text)
        [ "$rotated" != None ] && { echo "application login ready"; exit 0; }
        sleep 5
    done
    echo "the first rotation of $app_secret has not finished after 5 minutes: see the rotation Lambda's logs" >&2
    exit 1
fi
