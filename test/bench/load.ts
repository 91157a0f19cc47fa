/**
 * A small closed-loop HTTP load generator (keep-alive, fixed concurrency, fixed duration).
 * Prints requests per second and latency percentiles as JSON.
 */
import http from "node:http";

const [url, seconds = "5", concurrency = "16", bearer] = process.argv.slice(2);
if (!url) throw new Error("usage: load.ts <url> [seconds] [concurrency] [bearer token]");
const headers = bearer ? { authorization: `Bearer ${bearer}` } : {};
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const latencies: number[] = [];
let errors = 0;
const deadline = Date.now() + Number(seconds) * 1000;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    http
      .get(url!, { agent, headers }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode !== 200) errors++;
          latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
          resolve();
        });
      })
      .on("error", () => {
        errors++;
        resolve();
      });
  });
}

async function worker(): Promise<void> {
  while (Date.now() < deadline) await once();
}

const began = Date.now();
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
const elapsed = (Date.now() - began) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(2);
console.log(JSON.stringify({ url, requests: latencies.length, errors, rps: Math.round(latencies.length / elapsed), p50_ms: pct(50), p99_ms: pct(99) }));
agent.destroy();
