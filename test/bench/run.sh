#!/usr/bin/env bash
# Embedded vs split gateway, measured in the same run: the server pinned to CPU 0, the load
# generator to CPU 1 (absolute numbers drift on this machine; the ratio is the result).
#   /userinfo: verify the access token, read its record, fetch claims, sign a JWT (one RPC)
#   /healthz:  one GetJwks call, uncached
set -euo pipefail
cd "$(dirname "$0")/../.."
pin() { if command -v taskset >/dev/null; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi; }
log=$(mktemp)
pin 0 node --import tsx test/bench/serve-modes.ts > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; sleep 2; kill -9 $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 150); do grep -q ready "$log" 2>/dev/null && break; sleep 0.2; done
token=$(grep ready "$log" | node -e 'process.stdin.on("data", d => console.log(JSON.parse(d).accessToken))')
seconds=${BENCH_SECONDS:-8}
load() { pin 1 node --import tsx test/bench/load.ts "$@"; }
for round in 1 2; do
  for mode in embedded:18181 split:18182; do
    echo "round $round ${mode%%:*} /userinfo: $(load "http://127.0.0.1:${mode##*:}/userinfo" "$seconds" 16 "$token")"
    echo "round $round ${mode%%:*} /healthz:  $(load "http://127.0.0.1:${mode##*:}/healthz" "$seconds" 16)"
  done
done

# Full logins and single steps, Signet (embedded, split, PostgreSQL) beside node-oidc-provider,
# with server CPU per operation and the crypto floor (test/bench/flows.ts; its header lists the knobs),
# then heap and database bytes per pending transaction (test/bench/memory-probe.ts).
node --import tsx test/bench/flows.ts
node --expose-gc --import tsx test/bench/memory-probe.ts
