#!/usr/bin/env bash
# Publishes a project Native AOT for Lambda's custom runtime (provided.al2023, x86_64) and zips it with
# the executable renamed to `bootstrap`, which is what the runtime starts.
#
#   scripts/package-lambda.sh [PROJECT_DIR] [ZIP_NAME]
#     PROJECT_DIR  default src/Serverless.Api
#     ZIP_NAME     default derived from the project: Serverless.Api -> serverless-api
#   -> artifacts/lambda/<ZIP_NAME>.zip   (what infra/config/*.json point the stacks at)
#
# Fails on any trimming or AOT warning: a warning there is a runtime failure waiting in production.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

project=${1:-src/Serverless.Api}
project_dir=$(cd "$ROOT/$project" 2>/dev/null && pwd) || die "no project folder $project"
project_name=$(basename "$project_dir")
name=${2:-$(echo "$project_name" | tr '[:upper:]' '[:lower:]' | tr '.' '-')}
out="$ROOT/artifacts/lambda"
publish="$out/$name"

# Native AOT links with clang and needs zlib; Debian's packages, installed once.
step "AOT toolchain (clang, zlib1g-dev)"
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
ok "$(clang --version | head -1)"

step "Publish $project_name Native AOT for linux-x64"
rm -rf "$publish"
log="$out/$name.publish.log"
mkdir -p "$out"
if ! dotnet publish "$project_dir" -c Release -r linux-x64 -p:PublishAot=true -p:StripSymbols=true \
        -o "$publish" --disable-build-servers -nodeReuse:false -clp:NoSummary >"$log" 2>&1; then
    cat "$log" >&2
    die "publish failed (log: ${log#"$ROOT"/})"
fi
# Compiler, trimming (IL2xxx) and AOT (IL3xxx) warnings alike; ILC prints "Trim analysis warning IL2026".
# A project may accept the warnings of one third-party assembly it cannot fix, listed (extended regexes)
# in <project>/aot-warnings.allowed; every other warning fails the package.
allowed="$project_dir/aot-warnings.allowed"
patterns=$(mktemp); trap 'rm -f "$patterns"' EXIT
[ -f "$allowed" ] && grep -Ev '^(#|$)' "$allowed" >"$patterns"
echo NU1603 >>"$patterns"
warnings=$(grep -E 'warning [A-Z]+[0-9]+' "$log" | grep -Evf "$patterns" | sort -u || true)
if [ -n "$warnings" ]; then
    echo "$warnings" >&2
    die "publish produced warnings (trimming/AOT warnings are not allowed)"
fi
accepted=$(grep -E 'warning [A-Z]+[0-9]+' "$log" | grep -Ef "$patterns" | grep -v NU1603 | sed -E 's/.*warning ([A-Z]+[0-9]+).*/\1/' | sort -u | tr '\n' ' ' || true)
assembly=$(dotnet msbuild "$project_dir" -getProperty:AssemblyName -p:Configuration=Release 2>/dev/null | tail -1)
[ -x "$publish/$assembly" ] || die "no native executable $assembly in ${publish#"$ROOT"/}"
ok "$(du -h "$publish/$assembly" | cut -f1) native executable, no warnings${accepted:+ but the accepted ${accepted% } (aot-warnings.allowed)}"

step "Zip for provided.al2023"
mv "$publish/$assembly" "$publish/bootstrap"
# Debug symbols stay out of the function; appsettings.json goes in beside bootstrap. The development
# settings (signing key, consistency key, loopback URLs) are never published (CopyToPublishDirectory=Never);
# this is the last line of defence if a project forgets that.
# The symbols are kept beside the zip (artifacts/lambda/<name>.symbols/), where bench/lambda's perf
# profile of a cold start finds them; the function does not need them.
rm -rf "$out/$name.symbols" && mkdir -p "$out/$name.symbols"
for symbols in "$publish"/*.dbg; do [ ! -e "$symbols" ] || mv "$symbols" "$out/$name.symbols/"; done
rm -f "$publish"/*.pdb
[ ! -e "$publish/appsettings.Development.json" ] || die "appsettings.Development.json must not be packaged (set CopyToPublishDirectory=Never)"
rm -f "$out/$name.zip"
(cd "$publish" && zip -q -r -X "$out/$name.zip" .)
ok "${out#"$ROOT"/}/$name.zip ($(du -h "$out/$name.zip" | cut -f1))"
