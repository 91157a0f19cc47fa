import type { Knex } from 'knex';
import { callDeadline } from '../../core/ports/call-deadline.js';
import { type Repositories, type Storage, StorageUnavailable } from '../../core/ports/storage/index.js';
import { knexClients } from '../clients.js';
import { guardRepository } from '../guard.js';
import { knexOn } from '../knex-on.js';
import { knexSigningKeys } from '../signing-keys.js';
import { routedStorage } from '../routed.js';
import { classifyStorageError } from '../unavailable.js';
import { sqliteAuthorizationCodes, sqliteIssuedTokens, sqliteTransactions, type On } from './flow.js';
import { sqliteLease, type RawConnection, type SqliteLease, type StatementOperation, type Work } from './lease.js';
import { sqliteConsents, sqliteIndividualLimits, sqliteNonces, sqliteReplay } from './records.js';

/** The direct repositories, and the admin-only ones (clients, signing keys) through `knex`. */
function repositoriesOn(on: On, knex: Knex): Repositories {
  return {
    clients: guardRepository(knexClients(knex)),
    signingKeys: guardRepository(knexSigningKeys(knex)),
    transactions: sqliteTransactions(on),
    authorizationCodes: sqliteAuthorizationCodes(on),
    issuedTokens: sqliteIssuedTokens(on),
    replay: sqliteReplay(on),
    nonces: sqliteNonces(on),
    consents: sqliteConsents(on),
    individualLimits: sqliteIndividualLimits(on),
  };
}

/**
 * Statements on the connection a unit of work holds: synchronous, each under the call's deadline,
 * and only inside its transaction — after an error that made sqlite roll the whole transaction
 * back (a full disk, an I/O error), a later statement of the unit would otherwise commit alone.
 */
function onHeld(conn: RawConnection, lease: SqliteLease): On {
  return (operation, work) => {
    const deadline = callDeadline();
    if (deadline?.aborted) return Promise.reject(deadline.reason);
    if (!conn.inTransaction) return Promise.reject(new StorageUnavailable('the unit of work was rolled back by sqlite'));
    try {
      return Promise.resolve(observed(lease, operation, work)(conn));
    } catch (err) {
      return Promise.reject(classifyStorageError(err));
    }
  };
}

/** `work`, reported to the lease's statement observer when there is one. */
function observed<T>(lease: SqliteLease, operation: StatementOperation, work: Work<T>): Work<T> {
  const observer = lease.observer;
  if (!observer) return work;
  return (conn) => {
    const end = observer(operation);
    let outcome: 'ok' | 'error' = 'error';
    try {
      const result = work(conn);
      outcome = 'ok';
      return result;
    } finally {
      end(outcome);
    }
  };
}

/** Statements on `db`'s leased connection outside any unit of work, observed like the repositories' own. */
export function sqliteOn(db: Knex): On {
  const lease = sqliteLease(db);
  return (operation, work) => lease.run(observed(lease, operation, work));
}

/**
 * The sqlite implementation of every storage port: the hot repositories run prepared
 * better-sqlite3 statements on the one connection (held through {@link sqliteLease}), with
 * the unit of work as a savepoint in the lease's group transaction (one commit per event-loop
 * turn, see {@link SqliteLease}); clients and signing keys (admin calls and cache
 * fills) stay on knex, as do migrations and the purger. Through knex a primary-key select cost
 * ~80 µs of CPU; on a prepared statement ~16 µs.
 *
 * As on PostgreSQL, the open unit of work is remembered for the async work it starts
 * (AsyncLocalStorage): a nested `withTransaction`, or a repository reached through the outer
 * store, joins it instead of waiting for the connection it holds.
 */
export function createSqliteStorage(db: Knex): Storage {
  const lease = sqliteLease(db);
  // A unit of work holds the connection alone, so the repositories bound to it are built once per
  // connection and handed to each unit in turn (building them, dozens of closures, was ~1.5 % of a login).
  const held = new WeakMap<RawConnection, Repositories>();
  const heldRepositories = (conn: RawConnection): Repositories => {
    let repos = held.get(conn);
    if (!repos) {
      repos = repositoriesOn(onHeld(conn, lease), knexOn(db, conn));
      held.set(conn, repos);
    }
    return repos;
  };
  return routedStorage(repositoriesOn(sqliteOn(db), db), (body) => lease.unit((conn) => body(heldRepositories(conn))));
}
