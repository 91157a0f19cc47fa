#!/usr/bin/env bash
# Builds dist/ and proves the built CLI runs with the runtime dependencies alone: a copy of
# bin/ and dist/ beside a node_modules holding only what `npm ci --omit=dev` would install
# (linked from ./node_modules) starts `signet start`, serves discovery and the prebuilt
# biometric script; then `NODE_ENV=production signet start` starts against an identity system
# in another process (`signet mock-identity`), and refuses without SIGNET_IDENTITY_SYSTEM_URL.
set -euo pipefail
[ -z "${CHECK_BUILD_TRACE:-}" ] || set -x
# The built CLI runs on its own sqlite files in a temporary directory: a DATABASE_URL exported for
# the test suite (CI's PostgreSQL) would hand it a database other runs already wrote keys into.
unset DATABASE_URL
cd "$(dirname "$0")/.."
npm run build --silent
dir=$(mktemp -d)
pid=
pids=()
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$dir"' EXIT
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
# The core's metrics listener defaults to port 9464; two Signets on one machine need their own.
export SIGNET_DATA_DIR="$dir/data" SIGNET_CORE_PORT=$core SIGNET_GATEWAY_PORT=$gw SIGNET_CORE_METRICS_PORT=$(port) SIGNET_LOG_LEVEL=error
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

# wait_for FILE TEXT: up to 20 s for TEXT to appear in FILE.
wait_for() { for _ in $(seq 1 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done; cat "$1" >&2; return 1; }

# Production from the same build. The identity system: the mock as its own process (it is a
# development tool, so it runs without NODE_ENV=production) on its own data.
idp=$(port); pcore=$(port); pgw=$(port); pmetrics=$(port)
(cd "$dir" && SIGNET_DATA_DIR="$dir/idp" SIGNET_MOCK_IDENTITY_PORT=$idp exec node bin/signet.js mock-identity > "$dir/idp.log" 2>&1) &
pids+=($!)
wait_for "$dir/idp.log" 'mock identity system' || { echo "check-build: signet mock-identity did not start" >&2; exit 1; }
mkdir -p "$dir/prod"
(cd "$dir" && node --input-type=module -e "
  import { writeFileSync } from 'node:fs';
  const c = await import('./dist/src/sbi/simulator/certificates.js');
  const keys = await c.generateSigningKeys();
  const cert = await c.selfSignedLeaf(keys, 'CN=check-build SBI encryption', new Date(Date.now() - 60000), new Date(Date.now() + 86400000));
  writeFileSync('prod/sbi-key.pem', await c.privateKeyPem(keys.privateKey));
  writeFileSync('prod/sbi-cert.pem', cert.toString('pem'));
")
# Called in a subshell, it replaces it (exec): the background start's $! is then the node process
# itself, which the EXIT trap stops (a subshell killed instead left node running).
production() {
  exec env -u SIGNET_LOG_LEVEL NODE_ENV=production SIGNET_DATA_DIR="$dir/prod" SIGNET_CORE_PORT=$pcore SIGNET_GATEWAY_PORT=$pgw SIGNET_CORE_METRICS_PORT=$pmetrics \
    SIGNET_CORE_URL="http://127.0.0.1:$pcore" SIGNET_ISSUER=https://id.example.gov \
    SIGNET_ADMIN_TOKEN="$(head -c 32 /dev/urandom | base64)" SIGNET_KEY_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" \
    SIGNET_PAIRWISE_SALT="$(head -c 32 /dev/urandom | base64)" SIGNET_COOKIE_SECRET="$(head -c 32 /dev/urandom | base64)" \
    SIGNET_SBI_ENCRYPTION_KEY="$dir/prod/sbi-key.pem" SIGNET_SBI_ENCRYPTION_CERT="$dir/prod/sbi-cert.pem" "$@"
}
if (cd "$dir" && production node bin/signet.js start > "$dir/refused.log" 2>&1); then
  echo "check-build: production started without an identity system" >&2; exit 1
fi
grep -q 'set SIGNET_IDENTITY_SYSTEM_URL' "$dir/refused.log" || { cat "$dir/refused.log" >&2; echo "check-build: the refusal does not say what to set" >&2; exit 1; }
(cd "$dir" && SIGNET_IDENTITY_SYSTEM_URL="http://127.0.0.1:$idp" production node bin/signet.js start > "$dir/prod.log" 2>&1) &
pids+=($!)
wait_for "$dir/prod.log" 'gateway listening' || { echo "check-build: production did not start" >&2; exit 1; }
wait_for "$dir/prod.log" 'identity system answered' || { echo "check-build: the identity system did not answer" >&2; exit 1; }
! grep -q 'DEVELOPMENT DEFAULT' "$dir/prod.log" || { cat "$dir/prod.log" >&2; echo "check-build: production used a development default" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$pgw/.well-known/openid-configuration" | grep -q '"issuer":"https://id.example.gov"'
echo "check-build: NODE_ENV=production signet start runs from dist/ against an identity system, and refuses without one"
