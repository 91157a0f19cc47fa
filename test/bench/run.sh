#!/usr/bin/env bash
# Every target of serve-modes.ts (embedded without and with the interceptor chain, split over
# plaintext gRPC and over mutual TLS), measured in the same run: the server pinned to CPU 0,
# the load generator to CPU 1 (absolute numbers drift on a shared machine; compare the ratios).
#   /userinfo: verify the access token, read its record, fetch claims, sign a JWT (one RPC)
#   /healthz:  readiness (Health.Check: a `select 1` and the identity system's probe)
# BENCH_SECONDS (default 8) per measurement, BENCH_ROUNDS (default 2) rounds.
set -euo pipefail
cd "$(dirname "$0")/../.."
pin() { if command -v taskset >/dev/null; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi; }
log=$(mktemp)
results=$(mktemp)
pin 0 node --import tsx test/bench/serve-modes.ts > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; sleep 2; kill -9 $server 2>/dev/null; rm -f "$log" "$results"' EXIT
for _ in $(seq 1 300); do grep -q '"ready"' "$log" 2>/dev/null && break; sleep 0.2; done
ready=$(grep '"ready"' "$log") || { cat "$log"; exit 1; }
token=$(node -e 'console.log(JSON.parse(process.argv[1]).accessToken)' "$ready")
targets=$(node -e 'for (const t of JSON.parse(process.argv[1]).targets) console.log(`${t.name} ${t.url}`)' "$ready")
seconds=${BENCH_SECONDS:-8}
load() { pin 1 node --import tsx test/bench/load.ts "$@"; }
for round in $(seq 1 "${BENCH_ROUNDS:-2}"); do
  while read -r name url; do
    for endpoint in /userinfo /healthz; do
      bearer=$([ "$endpoint" = /userinfo ] && echo "$token" || true)
      line=$(load "$url$endpoint" "$seconds" 16 $bearer)
      echo "round $round $name $endpoint: $line"
      echo "{\"target\":\"$name\",\"endpoint\":\"$endpoint\",\"result\":$line}" >> "$results"
    done
  done <<< "$targets"
done
node --import tsx test/bench/summary.ts "$results"

# The interceptor chain's CPU per call in process, without and with metrics and tracing
# (test/bench/chain-cost.ts; BENCH_CALLS, BENCH_CHAIN_ROUNDS, BENCH_CHAIN_PARTS=1 for each part).
pin 0 node --import tsx test/bench/chain-cost.ts 2>/dev/null

# Full logins and single steps, Signet (embedded, split, PostgreSQL) beside node-oidc-provider,
# with server CPU per operation and the crypto floor (test/bench/flows.ts; its header lists the knobs),
# then heap and database bytes per pending transaction (test/bench/memory-probe.ts).
node --import tsx test/bench/flows.ts
node --expose-gc --import tsx test/bench/memory-probe.ts
