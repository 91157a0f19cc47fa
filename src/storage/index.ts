import type { Database } from './db.js';
import { knexAuthorizationCodes } from './authorization-codes.js';
import type { AuthorizationCodesRepository } from './authorization-codes.js';
import { knexBlockedIndividuals } from './blocked-individuals.js';
import type { BlockedIndividualsRepository } from './blocked-individuals.js';
import { knexClients } from './clients.js';
import type { ClientsRepository } from './clients.js';
import { knexConsents } from './consents.js';
import type { ConsentsRepository } from './consents.js';
import { knexIssuedTokens } from './issued-tokens.js';
import type { IssuedTokensRepository } from './issued-tokens.js';
import { knexNonces } from './nonces.js';
import type { NoncesRepository } from './nonces.js';
import { knexReplay } from './replay.js';
import type { ReplayRepository } from './replay.js';
import { knexSigningKeys } from './signing-keys.js';
import type { SigningKeysRepository } from './signing-keys.js';
import { knexTransactions } from './transactions.js';
import type { TransactionsRepository } from './transactions.js';

/** Every storage port, as handlers receive them. Handlers depend on the narrow ports they use, not on knex. */
export interface Storage {
  readonly clients: ClientsRepository;
  readonly signingKeys: SigningKeysRepository;
  readonly transactions: TransactionsRepository;
  readonly authorizationCodes: AuthorizationCodesRepository;
  readonly issuedTokens: IssuedTokensRepository;
  readonly replay: ReplayRepository;
  readonly nonces: NoncesRepository;
  readonly consents: ConsentsRepository;
  readonly blockedIndividuals: BlockedIndividualsRepository;
}

/** The knex implementation of every port over one open, migrated database. */
export function createStorage(db: Database): Storage {
  return {
    clients: knexClients(db),
    signingKeys: knexSigningKeys(db),
    transactions: knexTransactions(db),
    authorizationCodes: knexAuthorizationCodes(db),
    issuedTokens: knexIssuedTokens(db),
    replay: knexReplay(db),
    nonces: knexNonces(db),
    consents: knexConsents(db),
    blockedIndividuals: knexBlockedIndividuals(db),
  };
}

export type { Database, DatabaseConfig } from './db.js';
export { openDatabase, closeDatabase, defaultDatabaseConfig } from './db.js';
export { migrateLatest, runMigrateCommand } from './migrate.js';
export type { MigrateCommand, MigrateReport } from './migrate.js';
export { purgeExpired, startPurger } from './purge.js';
export { sha256b64url } from './hash.js';
export { DuplicateError } from './errors.js';
export type * from './clients.js';
export type * from './signing-keys.js';
export type * from './transactions.js';
export type * from './authorization-codes.js';
export type * from './issued-tokens.js';
export type * from './replay.js';
export type * from './nonces.js';
export type * from './consents.js';
export type * from './blocked-individuals.js';
export type { PurgeCounts } from './purge.js';
export { newTransactionId } from './transactions.js';
