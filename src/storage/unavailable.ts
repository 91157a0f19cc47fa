import { StorageUnavailable } from '../core/ports/storage/index.js';

/** Socket errors: the database cannot be reached, or the connection broke. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs that mean "not now" (PostgreSQL manual, Appendix A): class 08 connection
 * exceptions, 53300 too_many_connections, 57014 query_canceled (our statement_timeout), 57P01–57P03
 * administrator/crash shutdown and "cannot connect now" (starting up or shutting down).
 */
const unavailableStates = /^(08[0-9A-Z]{3}|53300|57014|57P0[123])$/;

/** sqlite's "another connection holds the lock", which surfaces only once busy_timeout ran out. */
const sqliteBusy = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);

/**
 * pg and knex report these without a code; knex prefixes a failed query's message with its SQL
 * (`select … - Query read timeout`), hence the `(^| - )` anchors.
 */
const driverMessages: readonly (readonly [RegExp, string])[] = [
  [/(^| - )Connection terminated/, 'connection terminated'],
  [/(^| - )timeout expired$/, 'connect timeout'],
  [/(^| - )Query read timeout$/, 'query timeout'],
  [/(^| - )Client (has encountered a connection error|was closed) and is not queryable$/, 'connection lost'],
  [/^Knex: Timeout acquiring a connection/, 'acquire timeout'],
  [/^Unable to acquire a connection$/, 'pool closed'],
];

/**
 * Names the connection-level failure in `err` or its `cause` chain, or returns undefined when
 * `err` is anything else — a constraint violation, a syntax error, a bug — which must stay an
 * internal error.
 */
export function unavailableReason(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof StorageUnavailable) return e.reason;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (socketCodes.has(code) || sqliteBusy.has(code) || unavailableStates.test(code))) return code;
    if (e.name === 'KnexTimeoutError') return 'acquire timeout';
    if (e instanceof AggregateError) {
      // Node reports a refused connection to a host with several addresses this way.
      const inner = e.errors.map(unavailableReason).find((r) => r !== undefined);
      if (inner) return inner;
    }
    for (const [pattern, reason] of driverMessages) if (pattern.test(e.message)) return reason;
  }
  return undefined;
}

/** `err` as a {@link StorageUnavailable} when it is a connection-level failure, else `err` itself. */
export function classifyStorageError(err: unknown): unknown {
  if (err instanceof StorageUnavailable) return err;
  const reason = unavailableReason(err);
  return reason === undefined ? err : new StorageUnavailable(reason, { cause: err });
}
