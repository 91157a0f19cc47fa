/**
 * `signet mock-identity` as a real OS process for the tests that run Signet against an
 * identity system in another process: spawned on a free port with its own data dir (or
 * a given database), stopped and cleaned up by `stop()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliArgs, spawnSignet, type SignetProcess } from '../foundation/processes.js';
import { freePort } from './signet.js';

export const MOCK_IDENTITY_READY = /Signet mock identity system \(signet\.v1\.IdentitySystemService, gRPC\) listening on/;

export interface MockIdentityProcess {
  /** The URL to give Signet as `identity.systemUrl`. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  proc: SignetProcess;
  /** Kills the process (SIGKILL: no goodbye), keeping its data. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data. */
  restart(): Promise<void>;
  /** Kills it and removes its data dir. */
  stop(): Promise<void>;
}

/** Starts `signet mock-identity`; `env` may set DATABASE_URL (and PostgreSQL schema via options in the URL). */
export async function startMockIdentityProcess(env: Record<string, string> = {}): Promise<MockIdentityProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-mock-identity-'));
  const port = await freePort();
  const fullEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SIGNET_DATA_DIR: dataDir,
    SIGNET_MOCK_IDENTITY_PORT: String(port),
    SIGNET_LOG_LEVEL: 'warn',
    ...env,
  };
  const spawn = () => spawnSignet(process.execPath, cliArgs('mock-identity'), fullEnv, MOCK_IDENTITY_READY);
  const handle: MockIdentityProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    proc: await spawn(),
    async kill() {
      handle.proc.kill();
      await handle.proc.exited;
    },
    async restart() {
      handle.proc = await spawn();
    },
    async stop() {
      await handle.kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
