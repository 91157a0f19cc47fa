import type { Repositories, Storage } from '../core/ports/storage/index.js';
import type { Database } from './db.js';
import { isPostgres } from './db.js';
import { createSqliteStorage } from './sqlite/storage.js';
import { routedStorage } from './routed.js';
import { guardedCall, guardRepository } from './guard.js';
import { knexAuthorizationCodes } from './authorization-codes.js';
import { knexClients } from './clients.js';
import { knexConsents } from './consents.js';
import { knexIndividualLimits } from './individual-limits.js';
import { knexIssuedTokens } from './issued-tokens.js';
import { knexNonces } from './nonces.js';
import { knexReplay } from './replay.js';
import { knexSigningKeys } from './signing-keys.js';
import { knexTransactions } from './transactions.js';

/**
 * Every repository over one knex handle: the database itself, or an open transaction. Each
 * method is guarded (guard.ts): it honours the deadline of the RPC being served, and a database
 * that cannot answer surfaces as StorageUnavailable, not as the driver's error.
 */
function repositoriesOn(db: Database): Repositories {
  return {
    clients: guardRepository(knexClients(db)),
    signingKeys: guardRepository(knexSigningKeys(db)),
    transactions: guardRepository(knexTransactions(db)),
    authorizationCodes: guardRepository(knexAuthorizationCodes(db)),
    issuedTokens: guardRepository(knexIssuedTokens(db)),
    replay: guardRepository(knexReplay(db)),
    nonces: guardRepository(knexNonces(db)),
    consents: guardRepository(knexConsents(db)),
    individualLimits: guardRepository(knexIndividualLimits(db)),
  };
}

/**
 * Every storage port over one open, migrated database. On sqlite, prepared statements on its one
 * connection (sqlite/storage.ts); on PostgreSQL, the knex implementation, with the unit of work
 * (`withTransaction`) as a knex transaction.
 *
 * Both back ends route the store's repositories to the open unit of work the same way
 * (`routedStorage`): nested units and repositories reached through the outer store join it.
 */
export function createStorage(db: Database): Storage {
  if (!isPostgres(db)) return createSqliteStorage(db);
  return routedStorage(repositoriesOn(db), (body) =>
    guardedCall(() => db.transaction((trx) => body(repositoriesOn(trx)))),
  );
}

export type { Database, DatabaseConfig } from './db.js';
export { openDatabase, closeDatabase, defaultDatabaseConfig, pingDatabase } from './db.js';
export { migrateLatest, runMigrateCommand } from './migrate.js';
export type { MigrateCommand, MigrateReport } from './migrate.js';
export { purgeExpired, startPurger } from './purge.js';
export { unavailableReason, classifyStorageError } from './unavailable.js';
export { guardedCall } from './guard.js';
export { observeSqliteStatements } from './sqlite/lease.js';
export type { StatementObserver, StatementOperation } from './sqlite/lease.js';
export { sha256b64url } from './hash.js';
export type { PurgeCounts } from './purge.js';
export { newTransactionId } from './transactions.js';
export type * from '../core/ports/storage/index.js';
export { DuplicateError, StorageUnavailable } from '../core/ports/storage/index.js';
