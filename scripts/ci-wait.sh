#!/usr/bin/env bash
# Waits for the "ci" workflow's run on one commit and fails unless it succeeded, so nothing deploys a
# commit whose tests failed or never ran.   scripts/ci-wait.sh SHA   (needs gh and GH_TOKEN, actions: read)
set -euo pipefail
sha=${1:?usage: scripts/ci-wait.sh SHA}
repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}
deadline=$(( $(date +%s) + ${CI_WAIT_SECONDS:-3600} ))
while :; do
    # The newest ci run of this commit (a re-run replaces the result of an earlier attempt).
    run=$(gh run list --repo "$repo" --workflow ci.yml --commit "$sha" --limit 1 --json status,conclusion,url \
        --jq '.[0] | select(.) | "\(.status) \(.conclusion) \(.url)"')
    read -r status conclusion url <<<"${run:-none none none}"
    if [ "$status" = completed ]; then
        [ "$conclusion" = success ] && { echo "ci passed on $sha: $url"; exit 0; }
        echo "ci did not pass on $sha ($conclusion): $url" >&2
        exit 1
    fi
    [ "$(date +%s)" -lt "$deadline" ] || { echo "no finished ci run for $sha in time (status: $status)" >&2; exit 1; }
    echo "ci on $sha: $status; waiting"
    sleep 30
done
