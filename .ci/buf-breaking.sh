#!/usr/bin/env bash
# buf breaking: the contract (proto/) must stay wire- and source-compatible (buf.yaml: FILE rules)
# with what clients may already have been built against.
#
# The baseline is the last release tag (v<major>.<minor>.<patch>, its merge base with HEAD) when
# there is one. Before the first release it is the first commit that has the current package
# (proto/signet/v1): everything added since may be extended, never removed, renamed, renumbered
# or retyped. When the current branch is not main, it is also checked against its merge base
# with main, which catches removing something added after that first commit.
#
# Usage: bash .ci/buf-breaking.sh   (from anywhere in the repository; needs the git history)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  git fetch --quiet --unshallow --tags || { echo "buf-breaking: a shallow clone has no baseline; fetch the history" >&2; exit 1; }
fi

tag=$(git describe --tags --abbrev=0 --match 'v[0-9]*.[0-9]*.[0-9]*' HEAD 2>/dev/null || true)
if [ -n "$tag" ]; then
  baselines=("$(git merge-base HEAD "$tag")" "release $tag")
else
  first=$(git rev-list --reverse HEAD -- proto/signet/v1 | awk 'NR == 1')
  [ -n "$first" ] || { echo "buf-breaking: no commit has proto/signet/v1" >&2; exit 1; }
  baselines=("$first" "first commit with proto/signet/v1 (no release tag yet)")
fi
branch=$(git rev-parse --abbrev-ref HEAD)
if [ "$branch" != main ] && git rev-parse --verify --quiet main >/dev/null; then
  base=$(git merge-base HEAD main)
  [ "$base" = "$(git rev-parse HEAD)" ] || baselines+=("$base" "merge base with main")
fi

status=0
for ((i = 0; i < ${#baselines[@]}; i += 2)); do
  commit=${baselines[i]}
  dir=$(mktemp -d)
  # git archive works in a worktree too, where .git is a file buf cannot read as a repository.
  git archive "$commit" buf.yaml proto | tar -x -C "$dir"
  echo "buf-breaking: against ${baselines[i + 1]}, $(git rev-parse --short "$commit")"
  npx buf breaking --against "$dir" || status=1
  rm -rf "$dir"
done
exit "$status"
