import type { Storage } from '../core/ports/storage/index.js';
import type { Database } from './db.js';
import { isPostgres } from './db.js';
import { createSqliteStorage } from './sqlite/storage.js';
import { createPgStorage } from './pg/storage.js';

/**
 * Every storage port over one open, migrated database. The hot repositories (the login flow, single
 * use, limits) run their own SQL on the driver: on sqlite, prepared statements on its one
 * connection (sqlite/storage.ts); on PostgreSQL, named prepared statements on pg clients from
 * knex's pool (pg/storage.ts). Clients and signing keys (admin calls, cache fills), migrations and
 * the purger stay on knex. The unit of work (`withTransaction`) is `BEGIN … COMMIT` on one connection.
 *
 * Both back ends route the store's repositories to the open unit of work the same way
 * (`routedStorage`): nested units and repositories reached through the outer store join it.
 */
export function createStorage(db: Database): Storage {
  return isPostgres(db) ? createPgStorage(db) : createSqliteStorage(db);
}

export type { Database, DatabaseConfig } from './db.js';
export { openDatabase, closeDatabase, defaultDatabaseConfig, pingDatabase } from './db.js';
export { migrateLatest, runMigrateCommand } from './migrate.js';
export type { MigrateCommand, MigrateReport } from './migrate.js';
export { purgeExpired, startPurger } from './purge.js';
export { unavailableReason, classifyStorageError } from './unavailable.js';
export { guardedCall } from './guard.js';
export { observeSqliteStatements } from './sqlite/lease.js';
export { observePgStatements } from './pg/session.js';
export type { StatementObserver, StatementOperation } from './sqlite/lease.js';
export { sha256b64url } from './hash.js';
export type { PurgeCounts } from './purge.js';
export { newTransactionId } from './transactions.js';
export type * from '../core/ports/storage/index.js';
export { DuplicateError, StorageUnavailable } from '../core/ports/storage/index.js';
