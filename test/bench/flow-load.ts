/**
 * The load generator for `npm run bench` (closed loop, fixed concurrency; pinned by the
 * orchestrator to a core of its own). One scenario against one target per run:
 *   login       the whole OTP login per iteration: authorize page, send OTP, login, consent,
 *               code, token (ES256 private_key_jwt), signed userinfo
 *   token       codes are harvested first (untimed), assertions signed in advance, then only
 *               the token exchanges are timed
 *   userinfo    one access token per worker, then signed userinfo for the window
 *   credential  (Signet) one wallet token per worker, then c_nonce + key proof + credential
 * Server CPU is read from /proc for the given pids at the window's edges.
 *
 * Usage: flow-load.ts '<json spec>' — prints one JSON line.
 */
import { cpuMs } from "./lib/cpu.js";
import { readFixture } from "./lib/fixture.js";
import { Flows, type Code, type Target } from "./lib/flows.js";
import type { HttpClient } from "./lib/http.js";

interface Spec {
  readonly target: Target;
  readonly scenario: "login" | "token" | "userinfo" | "credential";
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly concurrency: number;
  readonly fixture: string;
  readonly serverPids: readonly number[];
}

const TOKEN_BATCH = 100;
const spec = JSON.parse(process.argv[2]!) as Spec;
const flows = await Flows.open(spec.target, readFixture(spec.fixture), spec.concurrency);
const latencies: number[] = [];
let errors = 0;
let firstError: string | undefined;

function failed(err: unknown): void {
  errors++;
  firstError ??= err instanceof Error ? err.message : String(err);
}

/** Runs `op` in `concurrency` closed loops until `until()` says stop; returns the elapsed ms. */
async function loops(op: (worker: number) => Promise<void>, until: () => boolean, record: boolean): Promise<number> {
  const began = performance.now();
  await Promise.all(
    Array.from({ length: spec.concurrency }, async (_, w) => {
      while (!until()) {
        const t = performance.now();
        try {
          await op(w);
          if (record) latencies.push(performance.now() - t);
        } catch (err) {
          failed(err);
          if (errors > 50 && latencies.length === 0) throw new Error(`${spec.scenario}: nothing succeeds: ${firstError}`);
        }
      }
    }),
  );
  return performance.now() - began;
}

const forSeconds = (s: number) => {
  const end = performance.now() + s * 1000;
  return () => performance.now() >= end;
};

/** Measures the timed window: wall time, server CPU, load-generator CPU. */
async function measured(run: () => Promise<number>) {
  const cpu0 = cpuMs(spec.serverPids);
  const each0 = spec.serverPids.map((pid) => cpuMs([pid]));
  const self0 = process.cpuUsage();
  const elapsedMs = await run();
  const serverCpuMs = cpuMs(spec.serverPids) - cpu0;
  if (process.env.BENCH_CPU_DETAIL) {
    const each = spec.serverPids.map((pid, i) => `${pid}: ${Math.round(cpuMs([pid]) - each0[i]!)} ms`);
    process.stderr.write(`server CPU by process over ${Math.round(elapsedMs)} ms: ${each.join(", ")}\n`);
  }
  const self = process.cpuUsage(self0);
  return { elapsedMs, serverCpuMs, loadCpuShare: (self.user + self.system) / 1000 / elapsedMs };
}

let window: { elapsedMs: number; serverCpuMs: number; loadCpuShare: number };
switch (spec.scenario) {
  case "login": {
    await loops(() => flows.fullLogin(), forSeconds(spec.warmupSeconds), false);
    errors = 0;
    window = await measured(() => loops(() => flows.fullLogin(), forSeconds(spec.seconds), true));
    break;
  }
  case "token": {
    // In batches: harvest codes (untimed), sign their assertions, then time only the exchanges.
    // Batches stay small because the peer's in-memory adapter is an LRU of about 1000 entries
    // (a login leaves ~6): a larger harvest would see the oldest codes evicted before use.
    const total = { elapsedMs: 0, serverCpuMs: 0, loadCpuMs: 0 };
    while (total.elapsedMs < spec.seconds * 1000) {
      const codes: { code: Code; via: HttpClient }[] = [];
      await loops(async () => void codes.push(await flows.codeAt()), () => codes.length >= TOKEN_BATCH, false);
      const assertions = await Promise.all(codes.map(() => flows.assertion()));
      let next = 0;
      const w = await measured(() =>
        loops(async () => {
          const i = next++;
          if (i < codes.length) await flows.token(codes[i]!.code, assertions[i], codes[i]!.via);
        }, () => next >= codes.length, true),
      );
      total.elapsedMs += w.elapsedMs;
      total.serverCpuMs += w.serverCpuMs;
      total.loadCpuMs += w.loadCpuShare * w.elapsedMs;
    }
    window = { elapsedMs: total.elapsedMs, serverCpuMs: total.serverCpuMs, loadCpuShare: total.loadCpuMs / total.elapsedMs };
    break;
  }
  case "userinfo": {
    const tokens = await Promise.all(Array.from({ length: spec.concurrency }, () => flows.accessTokenAt()));
    await loops((w) => flows.userinfo(tokens[w]!.token, tokens[w]!.via), forSeconds(spec.warmupSeconds), false);
    window = await measured(() => loops((w) => flows.userinfo(tokens[w]!.token, tokens[w]!.via), forSeconds(spec.seconds), true));
    break;
  }
  case "credential": {
    const tokens = await Promise.all(Array.from({ length: spec.concurrency }, () => flows.walletToken()));
    await loops((w) => flows.credential(tokens[w]!.token, tokens[w]!.via), forSeconds(spec.warmupSeconds), false);
    window = await measured(() => loops((w) => flows.credential(tokens[w]!.token, tokens[w]!.via), forSeconds(spec.seconds), true));
    break;
  }
}
flows.close();
latencies.sort((a, b) => a - b);
const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! : NaN);
console.log(
  JSON.stringify({
    scenario: spec.scenario,
    ops: latencies.length,
    errors,
    ...(firstError ? { firstError } : {}),
    perSecond: latencies.length / (window.elapsedMs / 1000),
    p50: pct(50),
    p99: pct(99),
    serverCpuMsPerOp: window.serverCpuMs / Math.max(1, latencies.length),
    serverCpuShare: window.serverCpuMs / window.elapsedMs,
    loadCpuShare: window.loadCpuShare,
  }),
);
