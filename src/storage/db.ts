import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knexFactory from 'knex';
import type { Knex } from 'knex';
import pg from 'pg';

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
}

/** The documented defaults of {@link DatabaseConfig}. */
export const defaultDatabaseConfig: DatabaseConfig = { sqliteFile: './data/signet.db' };

/** An open store. Repositories take it; callers end it with {@link closeDatabase}. */
export type Database = Knex;

/** How long a sqlite writer waits on a lock held by another process before SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** OID of PostgreSQL `int8`. pg returns it as a string; our epoch-ms timestamps fit in a double. */
const INT8_OID = 20;

/** Opens a knex instance on sqlite (default) or PostgreSQL (when `config.url` is a postgres URL). */
export function openDatabase(config: DatabaseConfig): Database {
  if (config.url !== undefined && /^postgres(ql)?:\/\//.test(config.url)) return openPostgres(config, config.url);
  if (config.url !== undefined) throw new Error('database url must start with postgres:// (or leave it unset for sqlite)');
  return openSqlite(config.sqliteFile);
}

function openSqlite(file: string): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      // One connection: sqlite serialises writers anyway, and a single connection makes every
      // conditional UPDATE trivially atomic within this process. busy_timeout covers other processes.
      min: 1,
      max: 1,
      // PRAGMAs are per connection, so they are set whenever the pool opens one.
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
        conn.exec(
          `PRAGMA journal_mode = WAL; PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON;`,
          (err) => done(err, conn),
        );
      },
    },
  });
}

interface SqliteConnection {
  exec(sql: string, cb: (err: Error | null) => void): void;
}

function openPostgres(config: DatabaseConfig, url: string): Database {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
  };
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, types } as Knex.PgConnectionConfig,
    ...(config.schema !== undefined ? { searchPath: [config.schema] } : {}),
    pool: { min: 0, max: config.poolMax ?? 10 },
  });
}

/** Ends every pooled connection. */
export async function closeDatabase(db: Database): Promise<void> {
  await db.destroy();
}

/** True when the store is PostgreSQL (some SQL differs, e.g. batch deletes). */
export function isPostgres(db: Database): boolean {
  return db.client.config.client === 'pg';
}
