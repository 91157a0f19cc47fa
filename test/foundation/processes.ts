/**
 * Runs Signet's CLI as a real OS process for the foundation tests: spawned with the
 * test's Node and tsx, on free ports and a temp data dir, waiting for the "listening"
 * line on stdout. `kill()` is idempotent; callers register it as a teardown.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedSbiEncryptionKey } from "../helpers/key-pool.js";
import { freePort } from "../helpers/signet.js";

export const ADMIN_TOKEN = "foundation-admin-token-0123456789abcdef01234";
export const COOKIE_SECRET = "foundation-cookie-secret-0123456789abcdef012345";

export interface SignetProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  kill(): void;
}

/** The common environment of a Signet process: ports, data dir, secrets, quiet logs. */
export async function signetEnv(extra: Record<string, string> = {}): Promise<{ env: NodeJS.ProcessEnv; dataDir: string; corePort: number; gatewayPort: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), "signet-foundation-"));
  const [corePort, gatewayPort] = [await freePort(), await freePort()];
  await seedSbiEncryptionKey(dataDir);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SIGNET_DATA_DIR: dataDir,
    SIGNET_CORE_PORT: String(corePort),
    SIGNET_GATEWAY_PORT: String(gatewayPort),
    SIGNET_CORE_URL: `http://127.0.0.1:${corePort}`,
    SIGNET_ADMIN_TOKEN: ADMIN_TOKEN,
    SIGNET_COOKIE_SECRET: COOKIE_SECRET,
    SIGNET_ISSUER: `http://127.0.0.1:${gatewayPort}`,
    SIGNET_LOG_LEVEL: "warn",
    // Plaintext gRPC on loopback unless a test opts into the development mutual TLS.
    SIGNET_CORE_TLS_DEV: "false",
    // Test processes run side by side: no fixed metrics port.
    SIGNET_CORE_METRICS_PORT: "0",
    ...extra,
  };
  return { env, dataDir, corePort, gatewayPort };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Spawns `args` (e.g. `['--import', 'tsx', 'src/cli/main.ts', 'core']` with `process.execPath`)
 * and resolves once stdout matches `ready`. Rejects if the process exits first or after `timeoutMs`.
 */
export async function spawnSignet(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  timeoutMs = 30_000,
): Promise<SignetProcess> {
  const child = spawn(command, args, { env, cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => (out += s));
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (err += s));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  let killed = false;
  const proc: SignetProcess = {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill() {
      if (killed || child.exitCode !== null || child.signalCode !== null) return;
      killed = true;
      // The process group: `npm start` runs tsx as a grandchild.
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    },
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`not ready after ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`));
    }, timeoutMs);
    const check = () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before ready\nstdout: ${out}\nstderr: ${err}`));
    });
  });
  return proc;
}

/**
 * Node's arguments to run Signet's CLI with `args`: `--import tsx src/cli/main.ts ...` from source,
 * or the compiled CLI when the suite itself runs compiled (`npm test` sets `SIGNET_TEST_BUILD`,
 * see scripts/compile-tests.mjs), so a spawned process costs what the tests around it cost.
 */
export function cliArgs(...args: string[]): string[] {
  const build = process.env.SIGNET_TEST_BUILD;
  return build ? [join(build, "src/cli/main.js"), ...args] : ["--import", "tsx", "src/cli/main.ts", ...args];
}

/** Signet's CLI (`cliArgs`) running `command`. */
export function spawnCli(command: "start" | "core" | "gateway", env: NodeJS.ProcessEnv, ready: RegExp): Promise<SignetProcess> {
  return spawnSignet(process.execPath, cliArgs(command), env, ready);
}

export const CORE_READY = /Signet core \(gRPC, reflection, health\) listening on/;
export const GATEWAY_READY = /Signet gateway listening on/;
