/**
 * `npm run bench` (flows section): Signet against node-oidc-provider, side by side in one run.
 *
 * Servers are pinned to CPU 0 and the load generator to CPU 1 (taskset). Modes:
 *   embedded  `signet start`: gateway and core in one process, sqlite file
 *   split     `signet core` + `signet gateway` over gRPC (HTTP/2 on loopback, mutual TLS with the
 *             development certificates, as `signet core` serves by default), both on CPU 0
 *   pg        two `signet start` instances on one private PostgreSQL cluster, all three on CPU 0;
 *             every request of a flow goes to the next instance (round robin)
 *   peer      node-oidc-provider 9, in-memory adapter (test/bench/peer-server.ts)
 * Scenarios: login (full OTP login), token, userinfo, credential (see flow-load.ts). Rounds
 * alternate the order of the targets; each figure is the median over rounds, and the ratio to the
 * peer is the median of the per-round ratios (the peer ran minutes, not hours, apart).
 * Server CPU per operation comes from /proc (the server processes' own user + system time).
 *
 * Knobs: BENCH_SECONDS (5), BENCH_ROUNDS (3), BENCH_CONCURRENCY (20), BENCH_USERINFO_CONCURRENCY
 * (50), BENCH_MODES (embedded,split,pg), BENCH_SCENARIOS (login,token,userinfo,credential),
 * BENCH_BEFORE (another checkout, e.g. `git worktree add /tmp/before main`: its embedded mode runs
 * as target "before", and with split or pg among the modes its split and pg modes as "split-before"
 * and "pg-before"), BENCH_BEFORE_FLAGS (node flags of the "before" targets only: with BENCH_BEFORE naming this
 * checkout, a same-run A/B of a V8 flag), BENCH_BEFORE_NODE (the node binary of the "before" targets, to compare Node
 * versions; that checkout's native modules built for it), BENCH_SIGNET_NODE_OPTIONS (NODE_OPTIONS of every Signet process, e.g.
 * `--import` of a heap sampler; Signet's processes get no other environment of the bench's), BENCH_CPU_DETAIL=1
 * (each timed window also prints every server process's own CPU: the PostgreSQL cluster apart
 * from the Signet instances), BENCH_OUT (also write the results as JSON there), BENCH_PROFILE_DIR (servers write V8 CPU
 * profiles there, to open in Chrome DevTools), BENCH_PAUSE_IDLE=0 (keep every target's processes running while
 * another is measured; by default they are stopped with SIGSTOP: an idle Signet process still uses about 0.8–1 % of
 * a core — 0.3 of it prom-client's event-loop-delay monitor, which wakes it every 10 ms — and the ten idle processes
 * of the other targets took about 15 % of the server core from the target being measured).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cpuAccounting } from "./lib/cpu.js";
import { createFixture } from "./lib/fixture.js";
import { startMode, type Running } from "./lib/modes.js";
import { pinned, pinningAvailable, startPostgres, stopServer, type PgCluster } from "./lib/processes.js";

const repo = resolve(import.meta.dirname, "../..");
const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const seconds = Number(env("BENCH_SECONDS", "5"));
const rounds = Number(env("BENCH_ROUNDS", "3"));
const concurrency = Number(env("BENCH_CONCURRENCY", "20"));
const userinfoConcurrency = Number(env("BENCH_USERINFO_CONCURRENCY", "50"));
const modes = env("BENCH_MODES", "embedded,split,pg").split(",").filter(Boolean);
const scenarios = env("BENCH_SCENARIOS", "login,token,userinfo,credential").split(",").filter(Boolean) as Scenario[];
const SERVER_CPU = "0";
const LOAD_CPU = "1";

type Scenario = "login" | "token" | "userinfo" | "credential";
/** Which targets each scenario runs on (the peer has no OpenID4VCI; PostgreSQL runs the full login). */
const matrix: Record<Scenario, readonly string[]> = {
  login: ["before", "embedded", "split-before", "split", "pg-before", "pg", "peer"],
  token: ["before", "embedded", "split-before", "split", "peer"],
  userinfo: ["before", "embedded", "split-before", "split", "peer"],
  credential: ["before", "embedded"],
};

interface Result {
  ops: number;
  errors: number;
  firstError?: string;
  perSecond: number;
  p50: number;
  p99: number;
  serverCpuMsPerOp: number;
  serverCpuShare: number;
  loadCpuShare: number;
}

const profile = process.env.BENCH_PROFILE_DIR ? [`--cpu-prof`, `--cpu-prof-dir=${resolve(process.env.BENCH_PROFILE_DIR)}`] : [];
const node = (script: string, ...args: string[]) => [process.execPath, "--import", "tsx", join(repo, script), ...args];
/** A server process: with BENCH_PROFILE_DIR, it writes a V8 CPU profile there when it stops. */
const serverNode = (script: string, ...args: string[]) => [process.execPath, ...profile, "--import", "tsx", join(repo, script), ...args];
/** BENCH_BEFORE=<another checkout>: its embedded mode runs too, as target "before", for before/after in one run. */
const before = process.env.BENCH_BEFORE ? resolve(process.env.BENCH_BEFORE) : undefined;

function runLoad(running: Running, scenario: Scenario): Promise<Result> {
  const spec = {
    target: running.target,
    scenario,
    seconds,
    warmupSeconds: 1,
    concurrency: scenario === "userinfo" ? userinfoConcurrency : concurrency,
    fixture: join(fixtureDir, "fixture.json"),
    serverPids: [...running.servers.map((s) => s.pid), ...running.extraPids],
  };
  const [cmd, ...args] = pinned(LOAD_CPU, node("test/bench/flow-load.ts", JSON.stringify(spec)));
  return new Promise((ok, fail) => {
    const child = spawn(cmd!, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.once("exit", (code) => {
      if (code !== 0) return fail(new Error(`load generator exited ${code}: ${out}`));
      ok(JSON.parse(out.trim().split("\n").pop()!) as Result);
    });
  });
}

function cryptoFloor(): Promise<number> {
  const [cmd, ...args] = pinned(SERVER_CPU, node("test/bench/crypto-floor.ts"));
  return new Promise((ok, fail) => {
    const child = spawn(cmd!, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.once("exit", (code) => (code === 0 ? ok((JSON.parse(out) as { cryptoMsPerLogin: number }).cryptoMsPerLogin) : fail(new Error(`crypto floor exited ${code}`))));
  });
}

const median = (xs: readonly number[]) => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const fixtureDir = mkdtempSync(join(tmpdir(), "signet-bench-flows-"));
const running = new Map<string, Running>();
let cluster: PgCluster | undefined;
const pauseIdle = env("BENCH_PAUSE_IDLE", "1") !== "0";
const signal = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone: reported when its load run fails
  }
};
/**
 * Lets only `target`'s server processes run (`null`: none of them), the others stopped with SIGSTOP;
 * the shared PostgreSQL cluster is never stopped. Does nothing with BENCH_PAUSE_IDLE=0.
 */
function runOnly(target: string | null): void {
  if (!pauseIdle) return;
  for (const [name, r] of running) for (const s of r.servers) signal(s.pid, name === target ? "SIGCONT" : "SIGSTOP");
}
/** Every server process runs again (a stopped process would not act on SIGTERM). */
function resumeAll(): void {
  for (const r of running.values()) for (const s of r.servers) signal(s.pid, "SIGCONT");
}
const cleanup = async () => {
  resumeAll();
  for (const r of running.values()) for (const s of r.servers) await stopServer(s);
  cluster?.stop();
  rmSync(fixtureDir, { recursive: true, force: true });
};
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

try {
  if (!pinningAvailable()) console.log("warning: taskset not found — server and load are NOT pinned to different cores");
  if (!cpuAccounting()) console.log("warning: no /proc — server CPU per operation cannot be measured");
  const fixture = await createFixture(fixtureDir, 1000);
  const beforeModes = before ? ["before", ...(["split", "pg"] as const).filter((m) => modes.includes(m)).map((m) => `${m}-before`)] : [];
  const wanted = [...new Set([...modes, "peer", ...beforeModes])];
  for (const mode of wanted) {
    try {
      running.set(mode, await startMode(mode, fixture, fixtureDir, () => (cluster ??= startPostgres(repo, 55500 + (process.pid % 400), SERVER_CPU)), { repo, cpu: SERVER_CPU, serverNode, ...(before ? { before } : {}) }));
    } catch (err) {
      console.log(`${mode}: not measured — ${(err as Error).message.split("\n")[0]}`);
    }
  }
  runOnly(null); // the crypto floor is measured on the servers' core
  const floor = await cryptoFloor();
  console.log(`crypto floor of one login (1 ES256 verify, 3 ES256 signs, 10 SHA-256, 4 HMAC): ${floor.toFixed(2)} ms CPU → at most ${Math.round(1000 / floor)} logins/s per core`);

  const results = new Map<string, Result[]>();
  const key = (scenario: string, target: string) => `${scenario} ${target}`;
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of scenarios) {
      let targets = matrix[scenario].filter((t) => running.has(t));
      if (round % 2 === 0) targets = [...targets].reverse();
      for (const target of targets) {
        runOnly(target);
        const r = await runLoad(running.get(target)!, scenario);
        (results.get(key(scenario, target)) ?? results.set(key(scenario, target), []).get(key(scenario, target))!).push(r);
        const err = r.errors ? ` errors ${r.errors} (${r.firstError})` : "";
        console.log(
          `round ${round} ${scenario.padEnd(10)} ${target.padEnd(8)} ${r.perSecond.toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  server CPU ${r.serverCpuMsPerOp.toFixed(2)} ms/op (${(r.serverCpuShare * 100).toFixed(0)}% of a core)  load CPU ${(r.loadCpuShare * 100).toFixed(0)}%${err}`,
        );
      }
    }
  }

  const rows: string[] = [];
  const summary: Record<string, unknown>[] = [];
  for (const scenario of scenarios) {
    const peer = results.get(key(scenario, "peer"));
    for (const target of matrix[scenario]) {
      const rs = results.get(key(scenario, target));
      if (!rs) continue;
      const ratios = peer && target !== "peer" ? rs.map((r, i) => r.perSecond / (peer[i]?.perSecond ?? NaN)) : [];
      const row = {
        scenario,
        target,
        perSecond: median(rs.map((r) => r.perSecond)),
        p50: median(rs.map((r) => r.p50)),
        p99: median(rs.map((r) => r.p99)),
        serverCpuMsPerOp: median(rs.map((r) => r.serverCpuMsPerOp)),
        vsPeer: ratios.length ? median(ratios) : undefined,
        errors: rs.reduce((n, r) => n + r.errors, 0),
      };
      summary.push(row);
      const c = scenario === "userinfo" ? userinfoConcurrency : concurrency;
      rows.push(
        `| ${scenario} (${c} concurrent) | ${target} | ${row.perSecond.toFixed(0)} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.serverCpuMsPerOp.toFixed(2)} | ${row.vsPeer === undefined ? "—" : `${row.vsPeer.toFixed(2)}×`} |${row.errors ? ` ${row.errors} errors` : ""}`,
      );
    }
  }
  console.log(`\nmedians of ${rounds} rounds, ${seconds} s each; server on CPU ${SERVER_CPU}, load on CPU ${LOAD_CPU}`);
  console.log("| scenario | target | per s | p50 ms | p99 ms | server CPU ms/op | vs peer |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
  console.log(`crypto floor: ${floor.toFixed(2)} ms per login`);
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify({ floor, summary }, null, 2));
} finally {
  await cleanup();
}
