#!/usr/bin/env bash
# Builds dist/ and proves the built CLI runs with the runtime dependencies alone: a copy of
# bin/ and dist/ beside a node_modules holding only what `npm ci --omit=dev` would install
# (linked from ./node_modules) starts `signet start`, serves discovery and the prebuilt
# biometric script, and answers `signet health` over gRPC.
set -euo pipefail
[ -z "${CHECK_BUILD_TRACE:-}" ] || set -x
cd "$(dirname "$0")/.."
npm run build --silent
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
cp -r bin dist package.json "$dir/"
mkdir -p "$dir/node_modules"
modules=$(cd node_modules && pwd -P)
# npm ls exits non-zero on any tree warning; a missing runtime package shows up below as a failed start.
{ npm ls --omit=dev --all --parseable 2>/dev/null || true; } | tail -n +2 | while read -r pkg; do
  rel=${pkg#"$PWD"/node_modules/}
  rel=${rel#"$modules"/}
  case "$rel" in */node_modules/*) continue ;; esac
  mkdir -p "$dir/node_modules/$(dirname "$rel")"
  ln -sfn "$pkg" "$dir/node_modules/$rel"
done
for dev in tsx esbuild typescript; do
  [ ! -e "$dir/node_modules/$dev" ] || { echo "check-build: $dev is a runtime dependency" >&2; exit 1; }
done
port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
core=$(port); gw=$(port)
export SIGNET_DATA_DIR="$dir/data" SIGNET_CORE_PORT=$core SIGNET_GATEWAY_PORT=$gw SIGNET_LOG_LEVEL=error
export SIGNET_CORE_URL="http://127.0.0.1:$core"
(cd "$dir" && exec node bin/signet.js start > "$dir/start.log" 2>&1) &
pid=$!
for _ in $(seq 1 100); do grep -q 'gateway listening' "$dir/start.log" 2>/dev/null && break; sleep 0.2; done
grep -q 'gateway listening' "$dir/start.log" || { cat "$dir/start.log" >&2; echo "check-build: the built CLI did not start" >&2; exit 1; }
# Whole outputs first, then grep: `… | grep -q` would close the pipe on the first match and
# the writer would fail with EPIPE (SIGPIPE) under pipefail.
discovery=$(curl -fsS "http://127.0.0.1:$gw/.well-known/openid-configuration")
grep -q '"issuer"' <<<"$discovery"
script=$(curl -fsS "http://127.0.0.1:$gw/assets/biometric-login.js")
grep -q 'Finger' <<<"$script"
health=$(cd "$dir" && node bin/signet.js health)
grep -q "(server)  *SERVING" <<<"$health"
echo "check-build: dist/ runs with runtime dependencies only"
