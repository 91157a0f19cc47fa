import type { Database } from './db.js';
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

/** Applies every pending migration. Called at start; safe to run from several instances (knex locks). */
export async function migrateLatest(db: Database): Promise<readonly string[]> {
  const [, applied] = (await db.migrate.latest(config)) as [number, string[]];
  return applied;
}

/** Runs one `migrate` sub-command; `rollback` reverts the last batch. The CLI prints the report. */
export async function runMigrateCommand(db: Database, command: MigrateCommand): Promise<MigrateReport> {
  let changed: readonly string[] = [];
  if (command === 'latest') changed = await migrateLatest(db);
  else if (command === 'rollback') changed = ((await db.migrate.rollback(config)) as [number, string[]])[1];
  // knex lists completed rows as { name } and pending ones as our own Migration objects.
  const [done, pending] = (await db.migrate.list(config)) as [{ name: string }[], Migration[]];
  return { changed, applied: done.map((m) => m.name), pending: pending.map((m) => m.name) };
}
