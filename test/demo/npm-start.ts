/**
 * `npm start` as a newcomer runs it, for the test files that check it (this directory): developer
 * defaults, no secrets configured (the admin token and cookie secret are generated into the data
 * dir). The test files of test/demo share one ava worker (scripts/compile-tests.mjs), so they share
 * one such process, which costs ~5 s of CPU to start from source; a file run alone starts its own.
 * Each file takes it in a before hook and gives it back in after.always; the last one stops it.
 */
import { readFileSync } from "node:fs";
import { removeDir, signetEnv, spawnSignet, type SignetProcess } from "../foundation/processes.js";

export interface NpmStart {
  readonly proc: SignetProcess;
  readonly issuer: string;
  /** The core's gRPC address (plaintext h2c on loopback). */
  readonly coreUrl: string;
  /** The generated AdminService token, read from the file `npm start` names. */
  readonly adminToken: string;
}

let shared: Promise<NpmStart> | undefined;
let users = 0;
let dataDir: string | undefined;

async function start(): Promise<NpmStart> {
  const e = await signetEnv();
  for (const k of ["SIGNET_ADMIN_TOKEN", "SIGNET_COOKIE_SECRET"]) delete e.env[k];
  dataDir = e.dataDir;
  // "Try it:" is the last line `npm start` prints, once the gateway listens.
  const proc = await spawnSignet("npm", ["start", "--silent"], e.env, /Try it: /);
  const tokenFile = /^Admin token: (.+)$/m.exec(proc.stdout())?.[1];
  if (!tokenFile) throw new Error(`npm start printed no admin token file:\n${proc.stdout()}`);
  return { proc, issuer: e.env.SIGNET_ISSUER!, coreUrl: `http://127.0.0.1:${e.corePort}`, adminToken: readFileSync(tokenFile, "utf8").trim() };
}

/** The worker's `npm start`, started by the first caller. */
export function takeNpmStart(): Promise<NpmStart> {
  users++;
  return (shared ??= start());
}

/** Gives it back; the last caller stops the process and removes its data dir. */
export async function giveBackNpmStart(): Promise<void> {
  if (--users > 0 || !shared) return;
  const started = shared;
  shared = undefined;
  const s = await started.catch(() => undefined);
  s?.proc.kill();
  await s?.proc.exited;
  if (dataDir) removeDir(dataDir);
  dataDir = undefined;
}
