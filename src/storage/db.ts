import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import knexFactory from 'knex';
import type { Knex } from 'knex';
import pg from 'pg';
import { guardedCall } from './guard.js';
import { checkpointInBackground, WAL_RESTART_FRAMES, wantWalRestart } from './sqlite/checkpointer.js';

/** Where the store lives. The embedded default is a sqlite file; PostgreSQL serves many instances. */
export interface DatabaseConfig {
  /** A `postgres://` (or `postgresql://`) URL. When set, PostgreSQL is used and `sqliteFile` ignored. */
  url?: string;
  /** The sqlite file used when no URL is given. Default `./data/signet.db`. */
  sqliteFile: string;
  /** PostgreSQL only: the schema to work in (sets `search_path`). Default: the server's. */
  schema?: string;
  /** PostgreSQL only: the most connections to open. Default 10. */
  poolMax?: number;
  /**
   * Bounded waits, so a database that is down or frozen costs a request a few seconds and a
   * 503, not a hang (defaults 5000 ms each):
   * - `connectTimeoutMs`: opening a PostgreSQL connection (TCP connect and start-up).
   * - `acquireTimeoutMs`: waiting for a free pooled connection (both engines).
   * - `statementTimeoutMs`: one statement — PostgreSQL's `statement_timeout` on the server, the
   *   same read timeout in the client (a frozen server never answers the first), and
   *   `idle_in_transaction_session_timeout` so a stalled instance cannot hold row locks; sqlite's
   *   `busy_timeout` on another process's lock. 0 disables the PostgreSQL statement timeouts.
   */
  connectTimeoutMs?: number;
  acquireTimeoutMs?: number;
  statementTimeoutMs?: number;
  /**
   * sqlite only: the WAL length in frames (4 KiB pages) past which it is restarted from its start
   * under load (sqlite/checkpointer.ts); after a restart the file is cut back to 4× that. Default
   * {@link WAL_RESTART_FRAMES} (about 16 MiB).
   */
  walRestartFrames?: number;
  /**
   * Where knex's own notices go (e.g. "Acquire connection error" with a stack on every failed
   * connection attempt while the database is down). Default: knex's console output. The
   * runtime sends them to its logger at debug level: the failure they describe reaches the
   * caller as StorageUnavailable and is logged once there.
   */
  notices?: (level: 'debug' | 'warn' | 'error', message: string) => void;
}

/** The documented defaults of {@link DatabaseConfig}. */
export const defaultDatabaseConfig: DatabaseConfig = { sqliteFile: './data/signet.db' };

const DEFAULT_TIMEOUT_MS = 5000;

/** An open store. Repositories take it; callers end it with {@link closeDatabase}. */
export type Database = Knex;

/**
 * The sqlite settings of every connection (why each, and what survives which crash, in the README
 * under "Durability"):
 * - `journal_mode = WAL`: readers never block the writer; a commit appends to the WAL.
 * - `synchronous = NORMAL`: a commit is written to the WAL (the operating system has it, so it
 *   survives the process being killed) but not fsynced; the WAL is fsynced at each checkpoint.
 *   An operating-system crash or power loss can lose the commits since the last checkpoint, never
 *   the database's consistency. FULL would fsync every commit (several ms each on this disk).
 * - checkpoints run every 250 ms on a thread of their own (sqlite/checkpointer.ts), not on the
 *   connection that commits (`wal_autocheckpoint = 0` there): a checkpoint's copy and fsyncs no
 *   longer stall the event loop, and the window above is a quarter of a second instead of
 *   sqlite's 1000 WAL pages. A file the thread cannot serve gets sqlite's automatic checkpoint back.
 * - `busy_timeout`: how long a writer waits for another process's lock before SQLITE_BUSY (the
 *   statement timeout, default 5 s).
 * - `cache_size = -16384`: 16 MiB of page cache (the default is 2 MiB).
 * - `mmap_size`: reads go through a 256 MiB memory map instead of read() calls.
 * - `foreign_keys = ON`: the schema's references are enforced.
 * - `journal_size_limit`: the WAL file is cut back to 4× the restart length after it is written
 *   from its start again (sqlite/checkpointer.ts, `WAL_RESTART_FRAMES`).
 */
const sqlitePragmas = (busyTimeoutMs: number, walRestartFrames: number) =>
  [
    'PRAGMA journal_mode = WAL',
    'PRAGMA synchronous = NORMAL',
    `PRAGMA busy_timeout = ${busyTimeoutMs}`,
    'PRAGMA cache_size = -16384',
    'PRAGMA mmap_size = 268435456',
    'PRAGMA foreign_keys = ON',
    `PRAGMA journal_size_limit = ${walRestartFrames * 4096 * 4}`,
  ].join('; ');

/** OID of PostgreSQL `int8`. pg returns it as a string; our epoch-ms timestamps fit in a double. */
const INT8_OID = 20;

/** Opens a knex instance on sqlite (default) or PostgreSQL (when `config.url` is a postgres URL). */
export function openDatabase(config: DatabaseConfig): Database {
  if (config.url !== undefined && /^postgres(ql)?:\/\//.test(config.url)) return openPostgres(config, config.url);
  if (config.url !== undefined) throw new Error('database url must start with postgres:// (or leave it unset for sqlite)');
  return openSqlite(config.sqliteFile, config);
}

/** knex's `log` option routed to {@link DatabaseConfig.notices}, first line only (no stacks). */
function knexLog(config: DatabaseConfig): Pick<Knex.Config, 'log'> {
  const sink = config.notices;
  if (!sink) return {};
  const first = (m: unknown) => String(m).split('\n')[0] ?? '';
  return {
    log: {
      warn: (m: unknown) => sink('debug', first(m)),
      error: (m: unknown) => sink('error', first(m)),
      deprecate: (m: unknown) => sink('warn', first(m)),
      debug: (m: unknown) => sink('debug', first(m)),
    },
  };
}

function openSqlite(file: string, config: DatabaseConfig): Database {
  // 0 ("no statement timeout", e.g. for migrations) keeps the default wait on another process's lock.
  const busyTimeoutMs = config.statementTimeoutMs || DEFAULT_TIMEOUT_MS;
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true });
    // The database holds client records, consents and token hashes: owner-only, like the
    // generated secrets beside it. SQLite gives its -wal and -shm files the same mode.
    closeSync(openSync(file, 'a', 0o600));
    if ((statSync(file).mode & 0o777) !== 0o600) chmodSync(file, 0o600);
  }
  const walRestartFrames = config.walRestartFrames ?? WAL_RESTART_FRAMES;
  const checkpoints = file === ':memory:' ? undefined : backgroundCheckpoints(file, config, walRestartFrames);
  const db = knexFactory({
    client: 'better-sqlite3',
    ...knexLog(config),
    connection: { filename: file },
    useNullAsDefault: true,
    acquireConnectionTimeout: config.acquireTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    pool: {
      // One connection: sqlite serialises writers anyway, and a single connection makes every
      // conditional UPDATE trivially atomic within this process. busy_timeout covers other processes.
      // better-sqlite3 runs each statement synchronously on the calling thread: a statement takes
      // microseconds, where the callback driver (sqlite3) paid a thread-pool round trip for each.
      // (A second process holding the write lock would make this thread wait up to busy_timeout;
      // one sqlite file serves one Signet process.)
      min: 1,
      max: 1,
      // PRAGMAs are per connection, so they are set whenever the pool opens one.
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
        try {
          conn.exec(sqlitePragmas(busyTimeoutMs, walRestartFrames));
          reusePreparedStatements(conn);
          checkpoints?.attach(conn);
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
  });
  if (checkpoints) {
    // The checkpointer lets go of the file (after a last checkpoint) before the pool closes it.
    const destroy = db.client.destroy.bind(db.client);
    db.client.destroy = (callback?: unknown) => checkpoints.stop().then(() => destroy(callback as never));
  }
  return db;
}

/**
 * Checkpoints of `file` on the process's checkpointer thread (sqlite/checkpointer.ts) instead of
 * on the connection that commits: sqlite's automatic checkpoint is turned off on each connection
 * of the pool, and on again if the thread cannot serve the file.
 */
function backgroundCheckpoints(file: string, config: DatabaseConfig, walRestartFrames: number) {
  const connections = new Set<SqliteConnection>();
  let stop: (() => Promise<void>) | undefined;
  let fellBack = false;
  const listener = {
    fallBack(reason: string) {
      fellBack = true;
      config.notices?.('warn', `sqlite checkpoints run on the connection again: ${reason}`);
      for (const conn of connections) {
        try {
          conn.exec('PRAGMA wal_autocheckpoint = 1000');
        } catch {
          connections.delete(conn); // closed meanwhile
        }
      }
    },
    failed(reason: string) {
      config.notices?.('warn', `sqlite checkpoints are failing (retried every interval; said again only for another reason): ${reason}`);
    },
    walLong() {
      for (const conn of connections) wantWalRestart(conn);
    },
  };
  return {
    attach(conn: SqliteConnection) {
      if (fellBack) return;
      stop ??= checkpointInBackground(file, listener, walRestartFrames);
      conn.exec('PRAGMA wal_autocheckpoint = 0');
      connections.add(conn);
    },
    stop: () => (stop ? stop() : Promise.resolve()),
  };
}

interface SqliteConnection {
  exec(sql: string): void;
  prepare(sql: string): unknown;
}

/** Distinct SQL texts kept prepared per connection (knex emits a few dozen; `whereIn` lists vary). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * knex prepares every query anew; compiling the SQL is about a fifth of a simple statement's cost.
 * The connection keeps its prepared statements by SQL text instead. Reuse is safe: knex runs each
 * statement to completion (`all` or `run`, synchronous in better-sqlite3) before the next query,
 * and sqlite re-prepares a cached statement itself after a schema change.
 */
function reusePreparedStatements(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
      statement = prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}

function openPostgres(config: DatabaseConfig, url: string): Database {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
  };
  const statementMs = config.statementTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  return knexFactory({
    client: 'pg',
    ...knexLog(config),
    connection: {
      connectionString: url,
      types,
      connectionTimeoutMillis: config.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      statement_timeout: statementMs,
      query_timeout: statementMs,
      idle_in_transaction_session_timeout: statementMs,
      // TCP keepalive notices a peer that vanished without closing the connection.
      keepAlive: true,
      // Queries queued on a connection are written without waiting for the previous answer: a
      // unit of work's BEGIN leaves in the same packet as its first statement (pg/session.ts).
      // Each query still carries its own Sync, so one's failure does not swallow the next.
      pipeline: true,
    } as Knex.PgConnectionConfig,
    ...(config.schema !== undefined ? { searchPath: [config.schema] } : {}),
    acquireConnectionTimeout: config.acquireTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    pool: { min: 0, max: config.poolMax ?? 10 },
  });
}

/** Ends every pooled connection. */
export async function closeDatabase(db: Database): Promise<void> {
  await db.destroy();
}

/**
 * One trivial query (`select 1`): resolves when the database answers, rejects — with
 * StorageUnavailable when it cannot be reached — otherwise. The readiness probe.
 */
export async function pingDatabase(db: Database): Promise<void> {
  await guardedCall(() => db.raw('select 1'));
}

/** True when the store is PostgreSQL (some SQL differs, e.g. batch deletes). */
export function isPostgres(db: Database): boolean {
  return db.client.config.client === 'pg';
}
