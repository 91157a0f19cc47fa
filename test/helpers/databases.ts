/**
 * The databases a storage test file runs its suite against — both engines, because locking,
 * transactions and constraint errors differ between them: always a temp-file sqlite; PostgreSQL
 * from DATABASE_URL, else from a throwaway testcontainers PostgreSQL when a container engine
 * answers, else every PostgreSQL test is a visible skip naming the reason (register tests with
 * `target.test`) — except under CI=true, where a missing PostgreSQL fails the file.
 *
 * Each `fresh()` is an empty database of its own (a new sqlite file, or a new PostgreSQL schema set
 * as search_path), so test files and tests never collide; `dispose()` closes and drops them all.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import avaTest, { type TestFn } from 'ava';
import knexFactory from 'knex';
import { closeDatabase, openDatabase } from '../../src/storage/db.js';
import type { Database } from '../../src/storage/db.js';
import { migrateLatest } from '../../src/storage/migrate.js';
import { postgresTestOrSkip } from './skip.js';

/** One database engine to run a suite on. */
export interface DatabaseTarget {
  readonly name: 'sqlite' | 'postgres';
  /** A new, empty database (no tables). */
  fresh(): Promise<Database>;
  /** A new database with every migration applied. */
  migrated(): Promise<Database>;
  /**
   * A second connection pool to a database this target made (the same sqlite file, the same
   * PostgreSQL schema), as another Signet instance would open it.
   */
  another(db: Database): Promise<Database>;
  /** Closes and removes everything this target created. Call from `test.after.always`. */
  dispose(): Promise<void>;
  /**
   * Ava's `test` for this target: when the engine is unavailable, every test registered through
   * it is a visible skip titled with the reason, and its hooks do nothing.
   */
  readonly test: TestFn;
}

/** The targets for this test file: sqlite, then PostgreSQL. Throws under CI=true when PostgreSQL cannot be had. */
export async function databaseTargets(): Promise<DatabaseTarget[]> {
  const postgres = await postgresTarget();
  if (typeof postgres !== 'string') return [sqliteTarget(), postgres];
  if (process.env['CI'] === 'true') throw new Error(`PostgreSQL is required under CI=true: ${postgres}`);
  console.log(`[databases] skipping the PostgreSQL tests: ${postgres}`);
  return [sqliteTarget(), unavailableTarget(postgres)];
}

/** PostgreSQL when it cannot be had: its tests are skips, and nothing may open it. */
function unavailableTarget(reason: string): DatabaseTarget {
  const refuse = async (): Promise<never> => {
    throw new Error(`PostgreSQL is unavailable: ${reason}`);
  };
  return { name: 'postgres', fresh: refuse, migrated: refuse, another: refuse, dispose: async () => {}, test: postgresTestOrSkip(avaTest, reason) };
}

function withMigrated(t: Omit<DatabaseTarget, 'migrated' | 'test'>): DatabaseTarget {
  return {
    ...t,
    test: avaTest,
    async migrated() {
      const db = await t.fresh();
      await migrateLatest(db);
      return db;
    },
  };
}

function sqliteTarget(): DatabaseTarget {
  const dir = mkdtempSync(join(tmpdir(), 'signet-test-'));
  const opened: { db: Database; file: string }[] = [];
  const open = (file: string) => {
    const db = openDatabase({ sqliteFile: file });
    opened.push({ db, file });
    return db;
  };
  return withMigrated({
    name: 'sqlite',
    async fresh() {
      return open(join(dir, `${opened.length}.db`));
    },
    async another(db) {
      const made = opened.find((o) => o.db === db);
      if (!made) throw new Error('another(): not a database of this target');
      return open(made.file);
    },
    async dispose() {
      await Promise.all(opened.map((o) => closeDatabase(o.db)));
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** A PostgreSQL target, or the reason there is none. */
async function postgresTarget(): Promise<DatabaseTarget | string> {
  const url = process.env['DATABASE_URL'];
  if (url) return schemaTarget(url, async () => {});
  let runtime: string;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    runtime = (await getContainerRuntimeClient()).info.containerRuntime.host;
  } catch (err) {
    return `DATABASE_URL is unset and no container engine answered (${(err as Error).message})`;
  }
  try {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    return schemaTarget(container.getConnectionUri(), async () => {
      await container.stop();
    });
  } catch (err) {
    return `could not start a PostgreSQL container on ${runtime} (${(err as Error).message})`;
  }
}

/** Each fresh() is a random schema in the server at `url`, dropped on dispose. */
function schemaTarget(url: string, stop: () => Promise<void>): DatabaseTarget {
  const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  const opened: { db: Database; schema: string; owner: boolean }[] = [];
  return withMigrated({
    name: 'postgres',
    async fresh() {
      const schema = `signet_test_${randomBytes(6).toString('hex')}`;
      await admin.raw('CREATE SCHEMA ??', [schema]);
      const db = openDatabase({ url, schema, sqliteFile: '', poolMax: 25 });
      opened.push({ db, schema, owner: true });
      return db;
    },
    async another(db) {
      const made = opened.find((o) => o.db === db);
      if (!made) throw new Error('another(): not a database of this target');
      const again = openDatabase({ url, schema: made.schema, sqliteFile: '', poolMax: 25 });
      opened.push({ db: again, schema: made.schema, owner: false });
      return again;
    },
    async dispose() {
      for (const { db } of opened) await closeDatabase(db);
      for (const { schema } of opened.filter((o) => o.owner)) await admin.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
      await admin.destroy();
      await stop();
    },
  });
}
