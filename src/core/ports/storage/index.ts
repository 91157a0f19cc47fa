/**
 * The storage ports: the record types and repository interfaces the core depends on. knex in
 * src/storage implements them; tests may hand an RPC in-memory fakes instead. The core imports
 * storage only from here.
 */
import type { AuthorizationCodesRepository } from "./authorization-codes.js";
import type { ClientsRepository } from "./clients.js";
import type { ConsentsRepository } from "./consents.js";
import type { IndividualLimitsRepository } from "./individual-limits.js";
import type { IssuedTokensRepository } from "./issued-tokens.js";
import type { NoncesRepository } from "./nonces.js";
import type { ReplayRepository } from "./replay.js";
import type { SigningKeysRepository } from "./signing-keys.js";
import type { TransactionsRepository } from "./transactions.js";

/** Every repository, by the name handlers use. */
export interface Repositories {
  readonly clients: ClientsRepository;
  readonly signingKeys: SigningKeysRepository;
  readonly transactions: TransactionsRepository;
  readonly authorizationCodes: AuthorizationCodesRepository;
  readonly issuedTokens: IssuedTokensRepository;
  readonly replay: ReplayRepository;
  readonly nonces: NoncesRepository;
  readonly consents: ConsentsRepository;
  readonly individualLimits: IndividualLimitsRepository;
}

/** A repository's name. */
export type RepositoryName = keyof Repositories;

/**
 * Some repositories plus the unit of work over the same ones: what an RPC is handed, naming
 * only the repositories it uses (e.g. `StorageOf<"transactions" | "consents">`).
 */
export type StorageOf<K extends RepositoryName> = Pick<Repositories, K> & UnitOfWork<Pick<Repositories, K>>;

/** Every repository and the unit of work (what the runtime builds). */
export type Storage = StorageOf<RepositoryName>;

/**
 * The unit of work (one database transaction per RPC step): the writes made through the
 * repositories handed to `fn` commit together when `fn` resolves, and none of them does when it
 * throws. Return a value (not throw) for an outcome whose writes must stay, such as a spent code
 * refused for its bindings; throw a {@link RollBack} for an outcome whose writes must not (writes
 * issued together with the statement that decided it): the unit rolls back and `withTransaction`
 * resolves to the value it carries. A unit that joined an open one cannot roll back alone, so
 * there a RollBack fails the open unit instead (with an Error).
 *
 * Inside `fn` use only the repositories handed to it and pure computation: no identity-system
 * call, no key refresh, no shared cache lookup. On sqlite the store has one connection, so
 * awaiting work that itself waits for the store would wait for this very transaction. A call to
 * `withTransaction` made inside `fn` (directly or through the outer store) joins the open
 * transaction instead of opening a second one; concurrent units of work queue on sqlite and run
 * side by side on PostgreSQL.
 */
/** Thrown out of a unit of work's body: roll the unit back, and resolve `withTransaction` to `value`. */
export class RollBack<T> {
  constructor(readonly value: T) {}
}

export interface UnitOfWork<R> {
  withTransaction<T>(fn: (repositories: R) => Promise<T>): Promise<T>;
}

export type * from "./authorization-codes.js";
export type * from "./clients.js";
export type * from "./consents.js";
export type * from "./individual-limits.js";
export type * from "./issued-tokens.js";
export type * from "./nonces.js";
export type * from "./replay.js";
export type * from "./signing-keys.js";
export type * from "./transactions.js";
export { DuplicateError } from "./duplicate-error.js";
export { StorageUnavailable } from "./storage-unavailable.js";
