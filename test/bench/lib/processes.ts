/**
 * Bench processes: each server started pinned to a CPU (taskset), its pid kept for CPU accounting,
 * its output kept in a log file; and the private PostgreSQL cluster of the two-instance mode,
 * pinned to the server's CPU as well so that its work counts as server work.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

/** The command line with its CPU pinning (none where taskset is missing). */
export function pinned(cpu: string, argv: readonly string[]): string[] {
  return hasTaskset ? ["taskset", "-c", cpu, ...argv] : [...argv];
}

export function pinningAvailable(): boolean {
  return hasTaskset;
}

/** A started server process. */
export interface Server {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly log: string;
}

/** Starts `argv` pinned to `cpu`, logging to `<dir>/<name>.log`, and waits for `ready` to be seen in its output. */
export async function startServer(opts: {
  readonly name: string;
  readonly cpu: string;
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly dir: string;
  readonly ready: RegExp;
  readonly timeoutMs?: number;
}): Promise<Server> {
  const [cmd, ...args] = pinned(opts.cpu, opts.argv);
  const log = join(opts.dir, `${opts.name}.log`);
  const out = createWriteStream(log);
  const child = spawn(cmd!, args, { env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
  let seen = "";
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${opts.name} not ready in time; see ${log}`)), opts.timeoutMs ?? 60_000);
    const watch = (chunk: Buffer) => {
      out.write(chunk);
      if (seen.length < 100_000) seen += chunk.toString();
      if (opts.ready.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", watch);
    child.stderr!.on("data", watch);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${opts.name} exited (${code}) before it was ready; see ${log}:\n${seen.slice(-2000)}`));
    });
  });
  await ready;
  return { name: opts.name, pid: child.pid!, child, log };
}

/** Stops a server with SIGTERM (SIGKILL after 5 s). */
export async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => s.child.once("exit", () => resolve()));
  s.child.kill("SIGTERM");
  const timer = setTimeout(() => s.child.kill("SIGKILL"), 5000);
  await gone;
  clearTimeout(timer);
}

/** A private PostgreSQL cluster for the bench. */
export interface PgCluster {
  readonly url: string;
  readonly postmasterPid: number;
  stop(): void;
}

/**
 * Starts a private cluster on `port`, pinned to `cpu`, with .ci/start-postgres.sh (initdb into a
 * directory of its own under /tmp: the cluster runs as the postgres user, who cannot enter the
 * bench's private temp dir). Stock settings: fsync and synchronous_commit on.
 */
export function startPostgres(repo: string, port: number, cpu: string): PgCluster {
  const data = `/tmp/signet-bench-pg-${process.pid}`;
  const env = { ...process.env, SIGNET_PG_PORT: String(port), SIGNET_PG_DATA: data };
  const run = spawnSync(pinned(cpu, ["bash"])[0]!, [...pinned(cpu, ["bash"]).slice(1), join(repo, ".ci/start-postgres.sh")], { env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`private PostgreSQL did not start: ${run.stderr.slice(-1500)}`);
  const postmasterPid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    postmasterPid,
    stop() {
      const bin = spawnSync("bash", ["-c", "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1"], { encoding: "utf8" }).stdout.trim();
      const ctl = [`${bin}/pg_ctl`, "-D", data, "-m", "fast", "-w", "stop"];
      spawnSync(process.getuid?.() === 0 ? "runuser" : ctl[0]!, process.getuid?.() === 0 ? ["-u", "postgres", "--", ...ctl] : ctl.slice(1), { stdio: "ignore" });
      rmSync(data, { recursive: true, force: true });
      rmSync(`${data}.log`, { force: true });
    },
  };
}
