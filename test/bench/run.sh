#!/usr/bin/env bash
# Embedded vs split gateway, measured in the same run: the server pinned to CPU 0, the load
# generator to CPU 1 (absolute numbers drift on this machine; the ratio is the result).
# /healthz makes one IdentityService.GetDiscovery call per request, uncached.
set -euo pipefail
cd "$(dirname "$0")/../.."
pin() { if command -v taskset >/dev/null; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi; }
pin 0 node --import tsx test/bench/serve-modes.ts > /tmp/signet-bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q ready /tmp/signet-bench-server.log 2>/dev/null && break; sleep 0.2; done
seconds=${BENCH_SECONDS:-8}
for round in 1 2; do
  for mode in embedded:18181 split:18182; do
    echo "round $round ${mode%%:*}: $(pin 1 node --import tsx test/bench/load.ts "http://127.0.0.1:${mode##*:}/healthz" "$seconds" 16)"
  done
done
echo "jwks (cached in the gateway), embedded: $(pin 1 node --import tsx test/bench/load.ts http://127.0.0.1:18181/.well-known/jwks.json "$seconds" 16)"
