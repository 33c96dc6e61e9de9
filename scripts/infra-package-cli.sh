#!/usr/bin/env bash
# Publishes the operator CLI (src/Serverless.Cli) self-contained for linux-x64 and zips it for the
# migrations project, which runs `Serverless.Cli migrate` inside the VPC (infra Migrations construct).
#   scripts/infra-package-cli.sh   -> artifacts/lambda/serverless-cli.zip
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

out=artifacts/lambda
publish="$out/serverless-cli"
rm -rf "$publish" "$out/serverless-cli.zip"
mkdir -p "$out"
# Self-contained: the CodeBuild image (Amazon Linux 2023) needs no .NET installed.
dotnet publish src/Serverless.Cli -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
    -o "$publish" --disable-build-servers -nodeReuse:false -clp:NoSummary >/dev/null
[ -x "$publish/Serverless.Cli" ] || { echo "no Serverless.Cli executable in $publish" >&2; exit 1; }
rm -f "$publish"/*.pdb
# The zip keeps the execute bit; the buildspec sets it again in case an unzip drops it.
python3 - "$publish" "$out/serverless-cli.zip" <<'PY'
import os, sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, files in os.walk(source):
        for name in files:
            path = os.path.join(root, name)
            z.write(path, os.path.relpath(path, source))
PY
echo "$out/serverless-cli.zip ($(du -h "$out/serverless-cli.zip" | cut -f1))"
