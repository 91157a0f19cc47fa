/**
 * PostgreSQL for the reliability tests, two ways:
 *
 * - {@link freshDatabase}: an empty database of its own in the shared cluster (DATABASE_URL), for
 *   tests that only connect to it. It is dropped afterwards.
 * - {@link startPrivatePostgres}: a private cluster on a free port in a temp dir, for tests that
 *   stop, restart or freeze PostgreSQL. Other test files (and other people) share the cluster at
 *   DATABASE_URL, so it is never the one stopped. It is removed afterwards.
 *
 * Without PostgreSQL (no DATABASE_URL, no initdb) a test is a visible skip naming the reason
 * (register it with `postgresTestOrSkip(test, reason)`), except under CI=true, where that fails it.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import knexFactory from 'knex';
import { freePort } from '../../helpers/signet.js';

const run = promisify(execFile);

/** Why PostgreSQL cannot be had here, or undefined when it can. Throws under CI=true. */
function unavailable(reason: string | undefined): string | undefined {
  if (reason && process.env['CI'] === 'true') throw new Error(`PostgreSQL is required under CI=true: ${reason}`);
  return reason;
}

/** The shared cluster's URL, or the reason there is none. */
export function sharedPostgresUrl(): { url: string } | { skip: string } {
  const url = process.env['DATABASE_URL'];
  const reason = unavailable(url ? undefined : 'DATABASE_URL is unset');
  return reason ? { skip: reason } : { url: url! };
}

/** A database created for one test (or file), and its removal. */
export interface FreshDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates an empty database in the cluster at `clusterUrl` (its name is random). */
export async function freshDatabase(clusterUrl: string): Promise<FreshDatabase> {
  const name = `signet_rel_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: clusterUrl, pool: { min: 0, max: 1 } });
  await admin.raw('CREATE DATABASE ??', [name]);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      // WITH (FORCE): a killed process may have left connections behind (PostgreSQL 13+).
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      await admin.destroy();
    },
  };
}

/** A private PostgreSQL cluster the test may stop, restart and freeze. */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  readonly url: string;
  /** Fast shutdown: sessions are terminated, new connections refused. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** SIGSTOPs the postmaster and every backend: connections open, nothing answers. */
  freeze(): void;
  /** SIGCONTs what {@link freeze} stopped. */
  thaw(): void;
  /** Stops it (thawing first) and removes its files. */
  dispose(): Promise<void>;
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(a) - Number(b));
  return versions.length ? join(root, versions.at(-1)!, 'bin') : undefined;
}

/** Why no private cluster can be started here (initdb missing), or undefined. Throws under CI=true. */
export function privatePostgresUnavailable(): string | undefined {
  return unavailable(binDir() ? undefined : 'no initdb under /usr/lib/postgresql (Debian package postgresql)');
}

/** The private cluster, or the reason there is none (initdb missing). */
export async function startPrivatePostgres(): Promise<PrivatePostgres | { skip: string }> {
  const bin = binDir();
  const reason = privatePostgresUnavailable();
  if (reason) return { skip: reason };
  const root = userInfo().uid === 0;
  // PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
  const asPg = (cmd: string, args: string[]) =>
    root ? run('runuser', ['-u', 'postgres', '--', join(bin!, cmd), ...args]) : run(join(bin!, cmd), args);
  const dir = mkdtempSync(join(tmpdir(), 'signet-pg-'));
  if (root) {
    const { uid, gid } = pgIds();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await asPg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  // Durability is not under test; fsync off keeps start and stop fast.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = async () => {
    await asPg('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  };
  await start();
  let frozen: number[] = [];
  const pids = (): number[] => {
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return [postmaster, ...childrenOf(postmaster)];
  };
  const signal = (list: number[], sig: NodeJS.Signals) => {
    for (const pid of list) {
      try {
        process.kill(pid, sig);
      } catch {
        // exited meanwhile
      }
    }
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await asPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
    },
    start,
    freeze() {
      frozen = pids();
      signal(frozen, 'SIGSTOP');
    },
    thaw() {
      signal(frozen, 'SIGCONT');
      frozen = [];
    },
    async dispose() {
      signal(frozen, 'SIGCONT');
      await asPg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function pgIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no postgres user to run the private cluster as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** The pids whose parent is `parent` (PostgreSQL backends and auxiliary processes). */
function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) out.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
