/**
 * Prints the bench results as a table: per endpoint and target, requests per second and
 * median latency over the rounds, and the throughput relative to the first target.
 */
import { readFileSync } from "node:fs";

interface Row { target: string; endpoint: string; result: { rps: number; p50_ms: string; errors: number } }
const rows = readFileSync(process.argv[2]!, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Row);
const range = (xs: number[]) => (Math.min(...xs) === Math.max(...xs) ? `${xs[0]}` : `${Math.min(...xs)}–${Math.max(...xs)}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log("\n| Endpoint | Target | req/s | p50 ms | vs first | errors |\n|---|---|---|---|---|---|");
for (const endpoint of [...new Set(rows.map((r) => r.endpoint))]) {
  const targets = [...new Set(rows.map((r) => r.target))];
  let base: number | undefined;
  for (const target of targets) {
    const mine = rows.filter((r) => r.endpoint === endpoint && r.target === target);
    const rps = mine.map((r) => r.result.rps);
    base ??= median(rps);
    console.log(`| \`${endpoint}\` | ${target} | ${range(rps)} | ${range(mine.map((r) => Number(r.result.p50_ms)))} | ${(median(rps) / base).toFixed(2)}× | ${mine.reduce((n, r) => n + r.result.errors, 0)} |`);
  }
}
