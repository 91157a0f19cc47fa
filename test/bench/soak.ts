/**
 * `npm run soak`: a sustained load of whole logins, to see what changes over minutes — errors,
 * latency drift and memory growth — rather than peak throughput (that is `npm run bench`).
 *
 * 1. Starts the target (default: two `signet start` instances on a private PostgreSQL cluster,
 *    round robin per login; SOAK_MODE=embedded or split for the others), servers pinned to CPU 0.
 * 2. Calibrates: closed loops of SOAK_CONCURRENCY (20) full logins for SOAK_CALIBRATE_SECONDS (20)
 *    give the capacity on this machine now.
 * 3. Soaks: starts SOAK_LOAD (0.6) × capacity logins per second, open loop (arrivals do not wait
 *    for answers, as real residents do not), for SOAK_MINUTES (5), in SOAK_WINDOWS (10) windows.
 *    At most 10 × SOAK_CONCURRENCY logins are in flight; arrivals beyond that are counted as shed.
 * 4. Reports per window: logins started and finished, errors (by first line), p50/p99 latency, and
 *    the servers' resident memory (VmRSS from /proc) plus, in the PostgreSQL mode, the database
 *    size; then start/middle/end, the p99 drift (last window over first) and memory growth.
 *
 * A login is the whole OTP login through the pages (authorize, send OTP, login, consent), the token
 * exchange (ES256 private_key_jwt) and signed userinfo — seven requests (test/bench/lib/flows.ts).
 * SOAK_OUT=<file> also writes the result as JSON.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import knexFactory from "knex";
import { createFixture } from "./lib/fixture.js";
import { Flows } from "./lib/flows.js";
import { freePort, startMode, type Running } from "./lib/modes.js";
import { pinningAvailable, startPostgres, stopServer, type PgCluster } from "./lib/processes.js";

const repo = resolve(import.meta.dirname, "../..");
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const mode = process.env.SOAK_MODE ?? "pg";
const minutes = num("SOAK_MINUTES", 5);
const windows = Math.round(num("SOAK_WINDOWS", 10));
const load = num("SOAK_LOAD", 0.6);
const concurrency = Math.round(num("SOAK_CONCURRENCY", 20));
const calibrateSeconds = num("SOAK_CALIBRATE_SECONDS", 20);
const maxInFlight = concurrency * 10;

/** Resident memory of a process in MiB (VmRSS), or NaN once it is gone. */
function rssMiB(pid: number): number {
  try {
    const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kib ? Number(kib) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const percentile = (sorted: readonly number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

interface Window {
  index: number;
  started: number;
  finished: number;
  errors: number;
  shed: number;
  p50: number;
  p99: number;
  rssMiB: Record<string, number>;
  databaseMiB?: number;
}

const dir = mkdtempSync(join(tmpdir(), "signet-soak-"));
let running: Running | undefined;
let cluster: PgCluster | undefined;
const cleanup = async () => {
  for (const s of running?.servers ?? []) await stopServer(s);
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
};
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

try {
  if (!pinningAvailable()) console.log("warning: taskset not found — servers are not pinned to a CPU of their own");
  const fixture = await createFixture(dir, 1000);
  const pgPort = await freePort();
  running = await startMode(mode, fixture, dir, () => (cluster = startPostgres(repo, pgPort, "0")), {
    repo,
    cpu: "0",
    serverNode: (script, ...args) => [process.execPath, "--import", "tsx", join(repo, script), ...args],
  });
  const flows = await Flows.open(running.target, fixture, maxInFlight);
  const db = cluster ? knexFactory({ client: "pg", connection: cluster.url, pool: { min: 0, max: 1 } }) : undefined;
  const databaseMiB = async () => (db ? Number(((await db.raw("SELECT pg_database_size(current_database()) AS n")).rows[0] as { n: string }).n) / 2 ** 20 : undefined);

  // Calibration: closed loops, each login waiting for the one before.
  let calibrated = 0;
  const calibrationEnd = performance.now() + calibrateSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < calibrationEnd) {
        await flows.fullLogin().then(() => calibrated++, () => undefined);
      }
    }),
  );
  const capacity = calibrated / calibrateSeconds;
  const rate = capacity * load;
  console.log(`${mode}: capacity ${capacity.toFixed(1)} logins/s with ${concurrency} concurrent; soaking at ${rate.toFixed(1)}/s (${Math.round(load * 100)}%) for ${minutes} min`);

  const windowMs = (minutes * 60_000) / windows;
  const wins = Array.from({ length: windows }, () => ({ started: 0, finished: 0, errors: 0, shed: 0, latencies: [] as number[] }));
  const samples: { rssMiB: Record<string, number>; databaseMiB?: number }[] = [];
  const firstErrors = new Map<string, number>();
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const soakStart = performance.now();
  // Memory is sampled at the end of each window.
  const sampled = (async () => {
    for (let w = 1; w <= windows; w++) {
      const wait = soakStart + w * windowMs - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const databaseMiBNow = await databaseMiB();
      samples.push({ rssMiB: Object.fromEntries(running!.servers.map((s) => [s.name, rssMiB(s.pid)])), ...(databaseMiBNow !== undefined ? { databaseMiB: databaseMiBNow } : {}) });
      const win = wins[w - 1]!;
      console.log(`window ${w}/${windows}: ${win.started} logins started, ${win.errors} errors so far, ${inFlight} in flight`);
    }
  })();
  // Arrivals at a fixed rate, scheduled against the clock so a slow tick does not lower it; each
  // login counts in the window it started in, however long it takes.
  for (let next = soakStart; next < soakStart + windows * windowMs; next += 1000 / rate) {
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const win = wins[Math.min(windows - 1, Math.floor((next - soakStart) / windowMs))]!;
    if (inFlight >= maxInFlight) {
      win.shed++;
      continue;
    }
    inFlight++;
    win.started++;
    const t0 = performance.now();
    const login: Promise<void> = flows
      .fullLogin()
      .then(
        () => {
          win.latencies.push(performance.now() - t0);
          win.finished++;
        },
        (err: unknown) => {
          win.errors++;
          const key = (err instanceof Error ? err.message : String(err)).split("\n")[0]!.slice(0, 160);
          firstErrors.set(key, (firstErrors.get(key) ?? 0) + 1);
        },
      )
      .finally(() => {
        inFlight--;
        pending.delete(login);
      });
    pending.add(login);
  }
  await Promise.all(pending);
  await sampled;
  const results: Window[] = wins.map((w, i) => {
    w.latencies.sort((a, b) => a - b);
    return { index: i + 1, started: w.started, finished: w.finished, errors: w.errors, shed: w.shed, p50: percentile(w.latencies, 50), p99: percentile(w.latencies, 99), ...samples[i]! };
  });
  for (const row of results) {
    const rss = Object.entries(row.rssMiB).map(([n, m]) => `${n} ${m.toFixed(0)} MiB`).join(", ");
    console.log(
      `window ${row.index}: ${row.finished}/${row.started} logins, ${row.errors} errors${row.shed ? `, ${row.shed} shed` : ""}, p50 ${row.p50.toFixed(0)} ms, p99 ${row.p99.toFixed(0)} ms, RSS ${rss}${row.databaseMiB !== undefined ? `, database ${row.databaseMiB.toFixed(1)} MiB` : ""}`,
    );
  }
  flows.close();
  await db?.destroy();

  const pick = [results[0]!, results[Math.floor((results.length - 1) / 2)]!, results.at(-1)!];
  const totalRss = (w: Window) => Object.values(w.rssMiB).reduce((a, b) => a + b, 0);
  const total = results.reduce((n, w) => ({ started: n.started + w.started, errors: n.errors + w.errors, shed: n.shed + w.shed }), { started: 0, errors: 0, shed: 0 });
  const summary = {
    mode,
    minutes,
    capacityPerSecond: capacity,
    ratePerSecond: rate,
    logins: total.started,
    errors: total.errors,
    shed: total.shed,
    errorKinds: Object.fromEntries(firstErrors),
    p99DriftRatio: results.at(-1)!.p99 / results[0]!.p99,
    memoryGrowthMiB: totalRss(results.at(-1)!) - totalRss(results[0]!),
    startMiddleEnd: pick.map((w) => ({ window: w.index, p50: w.p50, p99: w.p99, rssMiB: w.rssMiB, databaseMiB: w.databaseMiB })),
    windows: results,
  };
  console.log(`\n${mode}, ${minutes} min at ${rate.toFixed(1)} logins/s (${Math.round(load * 100)}% of the ${capacity.toFixed(1)}/s measured): ${total.started} logins, ${total.errors} errors, ${total.shed} shed`);
  console.log("| | window | p50 ms | p99 ms | server RSS MiB |" + (cluster ? " database MiB |" : ""));
  console.log("|---|---|---|---|---|" + (cluster ? "---|" : ""));
  for (const [label, w] of [["start", pick[0]!], ["middle", pick[1]!], ["end", pick[2]!]] as const) {
    const rss = Object.values(w.rssMiB).map((m) => m.toFixed(0)).join(" + ");
    console.log(`| ${label} | ${w.index} | ${w.p50.toFixed(0)} | ${w.p99.toFixed(0)} | ${rss} |${w.databaseMiB !== undefined ? ` ${w.databaseMiB.toFixed(1)} |` : ""}`);
  }
  console.log(`p99 drift (last window / first): ${summary.p99DriftRatio.toFixed(2)}×; server memory growth: ${summary.memoryGrowthMiB.toFixed(0)} MiB`);
  if (firstErrors.size) console.log("errors:", Object.fromEntries(firstErrors));
  if (process.env.SOAK_OUT) writeFileSync(process.env.SOAK_OUT, JSON.stringify(summary, null, 2));
  process.exitCode = total.errors > 0 ? 1 : 0;
} finally {
  await cleanup();
}
