#!/usr/bin/env bash
# Checks a Lambda zip before it is deployed to provided.al2023:
#   - an executable `bootstrap` at the root of the zip (what the custom runtime starts);
#   - an ELF executable for the expected machine (x86-64 unless ARCH=arm64);
#   - no glibc symbol newer than Amazon Linux 2023's glibc 2.34 (a Native AOT binary links against the
#     build machine's glibc; one that needs a newer version fails at start-up, after the deploy).
#   scripts/infra-check-artifact.sh artifacts/lambda/serverless-api.zip [more.zip...]
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/infra-check-artifact.sh ZIP..." >&2; exit 2; }
max_glibc=${MAX_GLIBC:-2.34}
case "${ARCH:-x86_64}" in
    arm64) machine=aarch64 ;;
    *) machine=x86-64 ;;
esac

failures=0
for zip in "$@"; do
    work=$(mktemp -d)
    # The zip's own mode bits matter: Lambda keeps them, and a bootstrap without +x cannot start.
    if ! reason=$(python3 - "$zip" "$work/bootstrap" 2>&1 <<'PY'
import stat, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    try:
        info = z.getinfo("bootstrap")
    except KeyError:
        sys.exit("no bootstrap at the root of the zip")
    if not (info.external_attr >> 16) & stat.S_IXUSR:
        sys.exit("bootstrap is not executable in the zip")
    with open(sys.argv[2], "wb") as out:
        out.write(z.read(info))
PY
    ); then
        echo "FAIL  $zip: ${reason##*$'\n'}"; failures=$((failures + 1)); rm -rf "$work"; continue
    fi
    header=$(LC_ALL=C objdump -f "$work/bootstrap" 2>/dev/null | grep -o 'file format [^ ]*' || true)
    needed=$(LC_ALL=C objdump -T "$work/bootstrap" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -Vu | tail -1 || true)
    rm -rf "$work"
    if [ -z "$header" ]; then
        echo "FAIL  $zip: bootstrap is not an ELF executable"; failures=$((failures + 1)); continue
    fi
    if ! grep -q -- "$machine" <<<"$header"; then
        echo "FAIL  $zip: bootstrap is $header, expected $machine"; failures=$((failures + 1)); continue
    fi
    if [ -n "$needed" ] && [ "$(printf '%s\n%s\n' "$needed" "$max_glibc" | sort -V | tail -1)" != "$max_glibc" ]; then
        echo "FAIL  $zip: needs glibc $needed, Amazon Linux 2023 has $max_glibc"; failures=$((failures + 1)); continue
    fi
    echo "ok    $zip ($header, glibc ${needed:-none} <= $max_glibc)"
done
[ "$failures" = 0 ]
