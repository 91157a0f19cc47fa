import type { Knex } from 'knex';
import { callDeadline } from '../../core/ports/call-deadline.js';
import { guardedCall } from '../guard.js';
import type { StatementObserver, StatementOperation } from '../sqlite/lease.js';

/** What a statement returns: its rows (RETURNING included) and how many rows it touched. */
export interface PgResult<R> {
  readonly rows: R[];
  readonly rowCount: number | null;
}

/** The parts of a pg client (as knex's pool hands it out) the direct repositories use. */
interface PgConnection {
  query<R>(config: { name: string; text: string; values: readonly unknown[] }): Promise<PgResult<R>>;
  query(text: string): Promise<unknown>;
  /** The socket: corked while a unit's BEGIN and first statement are queued, so both leave in one write. */
  readonly connection: { readonly stream: { cork(): void; uncork(): void } };
  /** Set by knex when the connection broke or ended; the pool then destroys it instead of reusing it. */
  __knex__disposed?: unknown;
}

/**
 * Runs one statement: `text` with `$1…$n` placeholders, `values` bound to them. Outside a unit of
 * work on a connection taken from the pool for that statement; inside one, on the unit's.
 */
export type Query = <R = Record<string, unknown>>(operation: StatementOperation, text: string, values: readonly unknown[]) => Promise<PgResult<R>>;

/** A unit of work's connection: statements on it, and what knex work inside the unit needs. */
export interface HeldConnection {
  /** Statements inside the unit's transaction. */
  readonly query: Query;
  /** The pg client itself, to bind knex queries to (`.connection(conn)`). */
  readonly conn: unknown;
  /** Queues the transaction's `BEGIN` if no statement did yet; call before a knex query on `conn`. */
  begin(): void;
}

/**
 * Every distinct SQL text gets one statement name, so each pooled connection parses and plans it
 * once (the extended protocol's named prepared statements) and afterwards only binds and executes.
 * The texts are the repositories' constants and the transition's column combinations: a bounded set.
 */
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `signet_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Signet's direct path to PostgreSQL for the hot repositories: pg's own client, taken from and
 * returned to knex's pool (so migrations, the purger, admin repositories and the readiness probe
 * share one pool and one set of connection settings — timeouts, search path, int8 parsing), with
 * named prepared statements and without knex's query building, which cost about as much CPU as the
 * round trip itself. The unit of work is `BEGIN … COMMIT` on one connection.
 */
export class PgSession {
  readonly #client: Knex.Client;
  /** Told about every statement (metrics and spans), as knex's query events are for knex's own. */
  observer: StatementObserver | undefined;

  constructor(db: Knex) {
    this.#client = db.client;
  }

  /** The connection the statements outside a unit of work now running share, if any. */
  #shared: SharedConnection | undefined;

  /**
   * A statement outside any unit of work. Such statements share one pooled connection while any
   * of them runs: the first takes it from the pool, the last to be answered returns it. They are
   * pipelined on it (each with its own Sync, so each is its own implicit transaction and one's
   * failure is only its own), and the statements of one event-loop turn — from any number of
   * requests — leave in one write, so the backend and this process each wake once for the lot
   * instead of once per statement. A connection that broke is not joined; the next statement
   * takes a fresh one. Nor is one joined while others wait for the pool (a unit of work, say):
   * the next statement queues behind them for a connection of its own, so a stream of
   * statements that never lets the shared one go idle cannot keep it from the pool for good.
   * Nor is one joined that has answered nothing for {@link STALLED_MS} while statements are out
   * on it: one of them waits (a row another instance's unit holds locked, say), and everything
   * pipelined behind it waits with it — up to the statement timeout. Later statements take a
   * connection of their own, so a wait on one row holds up only what was already queued behind
   * it, not every statement the instance runs meanwhile.
   */
  readonly query: Query = async <R>(operation: StatementOperation, text: string, values: readonly unknown[]) => {
    let shared = this.#shared;
    if (shared === undefined || shared.broken || (shared.conn !== undefined && (shared.stalled() || this.#poolHasWaiters()))) {
      shared = this.#shared = new SharedConnection(this.#client);
    }
    shared.users++;
    try {
      const conn = shared.conn ?? (await shared.ready);
      shared.writes!.hold();
      const result = await this.#run<R>(conn, operation, text, values);
      shared.answeredAt = performance.now();
      return result;
    } catch (err) {
      shared.answeredAt = performance.now();
      throw err;
    } finally {
      if (--shared.users === 0) {
        if (this.#shared === shared) this.#shared = undefined;
        await shared.release();
      }
    }
  };

  /**
   * One unit of work: `BEGIN`, `body` with statements on this connection, `COMMIT` when it
   * resolves (and the call's deadline has not passed meanwhile), `ROLLBACK` otherwise.
   *
   * `BEGIN` costs no round trip of its own: it is queued just before the unit's first statement
   * and written with it in one packet (the connections are in pg's pipeline mode, so the second
   * does not wait for the first's answer), as are any statements the unit issues in the same
   * event-loop turn (several awaited together), and a unit that ran no statement sends neither
   * `BEGIN` nor `COMMIT`. knex work inside the unit (`held.begin()` first, then knex on `held.conn`) joins
   * the same transaction. A connection whose rollback failed is discarded rather than returned to
   * the pool mid-transaction.
   */
  unit<T>(body: (held: HeldConnection) => Promise<T>): Promise<T> {
    return guardedCall(async () => {
      const deadline = callDeadline();
      const conn = (await this.#client.acquireConnection()) as PgConnection;
      const writes = new TurnWrites(conn);
      let begun: Promise<unknown> | undefined;
      const begin = () => {
        if (!begun) {
          writes.hold();
          begun = conn.query('BEGIN');
          begun.catch(() => undefined); // awaited before COMMIT; its failure fails the unit there
        }
      };
      const query: Query = (operation, text, values) => {
        begin();
        writes.hold();
        return this.#run(conn, operation, text, values);
      };
      try {
        let result: T;
        try {
          result = await body({ query, conn, begin });
          if (deadline?.aborted) throw deadline.reason;
          // A BEGIN that failed fails the unit. (It fails only with its connection, which then
          // fails the statements queued behind it too: none of them can have run on its own.)
          await begun;
        } catch (err) {
          writes.flush();
          if (begun) {
            await conn.query('ROLLBACK').catch((rollbackFailed: unknown) => {
              conn.__knex__disposed ??= rollbackFailed;
            });
          }
          throw err;
        }
        writes.flush();
        if (begun) await conn.query('COMMIT');
        return result;
      } finally {
        writes.flush();
        await this.#client.releaseConnection(conn);
      }
    });
  }

  #poolHasWaiters(): boolean {
    return ((this.#client as unknown as { pool?: { numPendingAcquires(): number } }).pool?.numPendingAcquires() ?? 0) > 0;
  }

  async #run<R>(conn: PgConnection, operation: StatementOperation, text: string, values: readonly unknown[]): Promise<PgResult<R>> {
    const end = this.observer?.(operation);
    try {
      const result = await conn.query<R>({ name: statementName(text), text, values });
      end?.('ok');
      return result;
    } catch (err) {
      end?.('error');
      throw err;
    }
  }
}

/**
 * How long a shared connection may answer nothing, while statements are out on it, before later
 * statements stop joining it (see {@link PgSession.query}). A hot-path statement takes well under
 * a millisecond on the server; this leaves room for a busy event loop that has not read answers
 * already waiting on the socket (a false alarm costs one more pooled connection, nothing else).
 */
export const STALLED_MS = 100;

/**
 * A pooled connection shared by the statements outside units of work while any of them runs
 * ({@link PgSession.query}). Units never wait on it: a unit's statements run on the unit's own
 * connection, and storage reached from inside a unit joins the unit (routed.ts). So a statement
 * here can wait only on a row a unit holds, until that unit ends, and a slow statement delays the
 * ones pipelined behind it at most until the statement timeout — and later statements stop
 * joining once it has answered nothing for {@link STALLED_MS}; a client-side read timeout makes
 * pg drop the connection, failing the statements on it (StorageUnavailable) and no others.
 */
class SharedConnection {
  /** Statements that joined and have not been answered yet. */
  users = 0;
  /** The connection, once the pool handed it over. */
  conn: PgConnection | undefined;
  readonly ready: Promise<PgConnection>;
  /** The turn's statements, written together. */
  writes: TurnWrites | undefined;
  /** When the connection last answered a statement (or was handed over), `performance.now()`. */
  answeredAt = 0;
  readonly #client: Knex.Client;

  constructor(client: Knex.Client) {
    this.#client = client;
    this.ready = (client.acquireConnection() as Promise<PgConnection>).then((conn) => {
      this.writes = new TurnWrites(conn);
      this.answeredAt = performance.now();
      return (this.conn = conn);
    });
    this.ready.catch(() => undefined); // every statement that joined awaits it and gets the failure
  }

  /** The connection broke or ended (knex marks it so); the pool destroys it when it comes back. */
  get broken(): boolean {
    return this.conn?.__knex__disposed !== undefined;
  }

  /** Statements are out on it and it has answered none of them for {@link STALLED_MS}. */
  stalled(): boolean {
    return this.users > 0 && performance.now() - this.answeredAt > STALLED_MS;
  }

  /** Back to the pool (after writing anything still held). */
  async release(): Promise<void> {
    const conn = await this.ready.catch(() => undefined);
    if (conn === undefined) return;
    this.writes!.flush();
    await this.#client.releaseConnection(conn);
  }
}

/**
 * Holds a connection's writes back (a corked socket) until the end of the event-loop turn, so
 * the statements issued in one turn leave in one write and the backend wakes once for them.
 */
class TurnWrites {
  readonly #stream: { cork(): void; uncork(): void };
  #held = false;

  constructor(conn: PgConnection) {
    this.#stream = conn.connection.stream;
  }

  /** Holds this turn's writes (idempotent within the turn). */
  hold(): void {
    if (this.#held) return;
    this.#held = true;
    this.#stream.cork();
    setImmediate(this.flush);
  }

  /** Writes what is held now. */
  readonly flush = (): void => {
    if (!this.#held) return;
    this.#held = false;
    this.#stream.uncork();
  };
}

const sessions = new WeakMap<Knex, PgSession>();

/** The direct session on `db` (a PostgreSQL database), created on first use. */
export function pgSession(db: Knex): PgSession {
  let session = sessions.get(db);
  if (!session) {
    session = new PgSession(db);
    sessions.set(db, session);
  }
  return session;
}

/** Has `observer` told about every statement the direct repositories run on `db` (PostgreSQL). */
export function observePgStatements(db: Knex, observer: StatementObserver): void {
  pgSession(db).observer = observer;
}
