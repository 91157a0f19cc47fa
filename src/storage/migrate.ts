import { setTimeout as sleep } from 'node:timers/promises';
import { isPostgres, type Database } from './db.js';
import { migrationSource } from './migrations/index.js';
import type { Migration } from './migrations/migration.js';

/** The sub-commands of `signet migrate`. */
export type MigrateCommand = 'latest' | 'rollback' | 'status';

/** What a migrate command did or found. */
export interface MigrateReport {
  /** Migrations applied (latest) or reverted (rollback) by this call. */
  readonly changed: readonly string[];
  /** Applied migrations, oldest first, after the call. */
  readonly applied: readonly string[];
  /** Known migrations not yet applied, after the call. */
  readonly pending: readonly string[];
}

const config = { migrationSource } as const;

/** First key of the PostgreSQL advisory lock serialising migrations ('SGNT'); the second is the schema's hash. */
const MIGRATION_LOCK_KEY = 0x53474e54;
/** How long an instance waits for another's migrations before giving up. */
const MIGRATION_WAIT_MS = 5 * 60_000;
/** How often a waiting instance tries the lock again. */
const RETRY_MS = 100;

/**
 * Runs `fn` (a migration command) alone among every instance on this database. PostgreSQL: a
 * session advisory lock on a connection of its own, tried every 100 ms (so no statement timeout
 * cuts the wait), released when `fn` ends or the process dies; holding it, no one else can be
 * migrating, so a knex lock row left set by a crashed instance is freed. sqlite: knex's own lock
 * row, retried while another process holds it. Either way the loser waits, then finds the
 * migrations applied and carries on, instead of failing its start.
 */
async function alone<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + MIGRATION_WAIT_MS;
  if (!isPostgres(db)) {
    for (;;) {
      try {
        return await fn();
      } catch (err) {
        // Another process holds knex's lock row, or created knex's own tables a moment before us.
        const contended = (err as Error).name === 'MigrationLocked' || /already exists|SQLITE_BUSY/.test((err as Error).message);
        if (!contended || Date.now() > deadline) throw err;
        await sleep(RETRY_MS);
      }
    }
  }
  const conn = (await db.client.acquireConnection()) as unknown;
  const lock = (sql: string) => db.raw(sql, [MIGRATION_LOCK_KEY]).connection(conn as never);
  try {
    while (!((await lock('select pg_try_advisory_lock(?, hashtext(current_schema())) as locked')) as { rows: { locked: boolean }[] }).rows[0]?.locked) {
      if (Date.now() > deadline) throw new Error(`another instance has been migrating this database for ${MIGRATION_WAIT_MS / 60_000} minutes; not waiting longer`);
      await sleep(RETRY_MS);
    }
    try {
      await db.migrate.forceFreeMigrationsLock(config);
      return await fn();
    } finally {
      await lock('select pg_advisory_unlock(?, hashtext(current_schema()))');
    }
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/**
 * Applies every pending migration. Called at every start: instances starting together on one
 * database take turns (see {@link alone}); the others find nothing left to do.
 */
export async function migrateLatest(db: Database): Promise<readonly string[]> {
  return alone(db, async () => ((await db.migrate.latest(config)) as [number, string[]])[1]);
}

/** Runs one `migrate` sub-command; `rollback` reverts the last batch. The CLI prints the report. */
export async function runMigrateCommand(db: Database, command: MigrateCommand): Promise<MigrateReport> {
  let changed: readonly string[] = [];
  if (command === 'latest') changed = await migrateLatest(db);
  else if (command === 'rollback') changed = await alone(db, async () => ((await db.migrate.rollback(config)) as [number, string[]])[1]);
  // knex lists completed rows as { name } and pending ones as our own Migration objects.
  const [done, pending] = (await db.migrate.list(config)) as [{ name: string }[], Migration[]];
  return { changed, applied: done.map((m) => m.name), pending: pending.map((m) => m.name) };
}
