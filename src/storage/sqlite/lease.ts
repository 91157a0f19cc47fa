import type { Knex } from 'knex';
import { callDeadline } from '../../core/ports/call-deadline.js';
import { classifyStorageError } from '../unavailable.js';
import { restartWalIfWanted } from './checkpointer.js';

/** The parts of a better-sqlite3 statement the direct repositories use. */
export interface RawStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}

/**
 * The parts of a better-sqlite3 connection the direct repositories use. `prepare` is the
 * connection's statement cache (db.ts), so a constant SQL text is compiled once per connection.
 */
export interface RawConnection {
  prepare(sql: string): RawStatement;
  readonly inTransaction: boolean;
}

/** Synchronous work on the connection: one or a few statements, run to completion. */
export type Work<T> = (conn: RawConnection) => T;

/** A statement's verb, the one label storage metrics and spans carry (never its text, which could hold values). */
export type StatementOperation = 'select' | 'insert' | 'update' | 'delete';

/**
 * Told when a direct statement starts; returns what to call when it ends. The runtime's
 * instrumentation (metrics and a span under the RPC's span) registers one per database with
 * {@link observeSqliteStatements}, as it listens to knex's query events for knex's statements.
 */
export type StatementObserver = (operation: StatementOperation) => (outcome: 'ok' | 'error') => void;

/** A caller waiting for the group transaction its work ran in to commit. */
interface Member {
  resolve(): void;
  reject(err: unknown): void;
}

interface Waiter {
  /** Hands the connection over; false when the waiter gave up meanwhile (its deadline passed). */
  grant(conn: RawConnection): boolean;
  fail(err: unknown): void;
}

/**
 * Signet's hold on the one sqlite connection in knex's pool, for the direct (knex-free)
 * repositories. The connection is taken from the pool once and kept while Signet's own
 * statements and units of work use it; work that finds it free runs at once, synchronously
 * (better-sqlite3 runs a statement on the calling thread in microseconds), and work that finds
 * it taken by a unit of work waits its turn, first come first served. When knex itself asks the
 * pool for the connection (migrations, the purger, the readiness probe, the admin-only
 * repositories) the lease hands it back as soon as the current unit of work ends, and takes it
 * again behind knex's query. So knex and the direct path never run on the connection at the
 * same time, and a hot-path statement costs neither a pool acquisition nor a timer.
 *
 * Its work commits in groups (see `#open`): what runs in one event-loop turn
 * shares one transaction and one commit, and its callers are answered after that commit. A
 * commit per statement had cost a login about a third of its CPU (a WAL append and a round of
 * file locks, about 12 of them per login). The group holds sqlite's write lock until the loop
 * turns, so a second handle on the file belongs in another process (one that waits
 * busy_timeout, as before), never in this one, whose thread would wait for itself.
 */
export class SqliteLease {
  #conn: RawConnection | undefined;
  /** The connection is in use by a unit of work or being acquired. */
  #busy = false;
  #queue: Waiter[] = [];
  /** knex asked the pool for the connection while it was in use: give it back at the end. */
  #yieldRequested = false;
  #closed = false;
  /** The open group transaction and the callers waiting for its commit (see {@link #open}). */
  #group: { conn: RawConnection; members: Member[] } | undefined;
  /** The group's turn came while a unit of work held the connection: commit when it ends. */
  #commitWanted = false;
  readonly #client: Knex.Client;
  /** See {@link observeSqliteStatements}. */
  observer: StatementObserver | undefined;
  readonly #acquire: () => Promise<RawConnection>;

  constructor(db: Knex) {
    const client = db.client;
    this.#client = client;
    const acquire = client.acquireConnection.bind(client) as () => Promise<RawConnection>;
    this.#acquire = acquire;
    // knex's own queries come through here: the lease steps aside first.
    client.acquireConnection = () => {
      this.#stepAside();
      return acquire();
    };
    const destroy = client.destroy.bind(client);
    client.destroy = (callback?: unknown) => {
      this.#closed = true;
      this.#stepAside();
      return destroy(callback as never);
    };
  }

  /**
   * Runs `work` on the connection outside any unit of work: at once when the connection is free,
   * else after the unit of work holding it. Honours the deadline of the call being served. The
   * promise settles when the group transaction `work` ran in has committed (see {@link #open}).
   */
  run<T>(work: Work<T>): Promise<T> {
    const deadline = callDeadline();
    if (deadline?.aborted) return Promise.reject(deadline.reason);
    const conn = this.#takeNow();
    if (conn) return this.#runHeld(conn, work);
    return this.#wait(deadline).then((held) => this.#runHeld(held, work));
  }

  #runHeld<T>(conn: RawConnection, work: Work<T>): Promise<T> {
    let value: T;
    try {
      this.#open(conn);
      value = work(conn);
    } catch (err) {
      this.#checkGroup(conn, err);
      this.#give();
      return Promise.reject(classifyStorageError(err));
    }
    const committed = this.#afterCommit(value);
    this.#give();
    return committed;
  }

  /**
   * Runs `fn` as one unit of work: a savepoint in the open group transaction, released when `fn`
   * resolves, rolled back to when it throws or the call's deadline passed meanwhile (the rest of
   * the group is untouched). The connection stays with this unit until it ends; other work waits.
   * Its value is handed over once the group has committed.
   */
  async unit<T>(fn: (conn: RawConnection) => Promise<T>): Promise<T> {
    const deadline = callDeadline();
    if (deadline?.aborted) throw deadline.reason;
    const conn = this.#takeNow() ?? (await this.#wait(deadline));
    let committed: Promise<T>;
    try {
      try {
        this.#open(conn);
        conn.prepare('SAVEPOINT unit').run();
      } catch (err) {
        this.#checkGroup(conn, err);
        throw classifyStorageError(err);
      }
      try {
        const result = await fn(conn);
        if (deadline?.aborted) throw deadline.reason;
        conn.prepare('RELEASE unit').run();
        committed = this.#afterCommit(result);
      } catch (err) {
        if (conn.inTransaction) {
          try {
            conn.prepare('ROLLBACK TO unit').run();
            conn.prepare('RELEASE unit').run();
          } catch (undo) {
            // The group cannot be trusted with a half-undone unit: none of it commits.
            this.#failGroup(undo);
          }
        }
        this.#checkGroup(conn, err);
        throw classifyStorageError(err);
      }
    } finally {
      this.#give();
    }
    return committed;
  }

  /**
   * Group commit. The first work on the connection opens a transaction (`BEGIN IMMEDIATE`: the
   * write lock is taken up front, so another process's writer makes it wait busy_timeout at the
   * start, never fail midway); every statement and unit of work that runs before the event loop
   * turns joins it; it commits once, when the loop turns (or when knex needs the connection), and
   * only then does each caller get its answer. So an acknowledged write is committed, as with a
   * commit per statement, and the concurrent requests of one turn share one commit: one append
   * to the WAL and one round of file locks instead of one per statement.
   */
  #open(conn: RawConnection): void {
    if (this.#group) return;
    conn.prepare('BEGIN IMMEDIATE').run();
    this.#group = { conn, members: [] };
    setImmediate(this.#commitWhenFree);
  }

  readonly #commitWhenFree = (): void => {
    if (this.#busy) this.#commitWanted = true; // a unit of work is under way: commit when it ends
    else this.#commit();
  };

  #afterCommit<T>(value: T): Promise<T> {
    const group = this.#group!;
    return new Promise<T>((resolve, reject) => {
      group.members.push({ resolve: () => resolve(value), reject });
    });
  }

  #commit(): void {
    const group = this.#group;
    this.#commitWanted = false;
    if (!group) return;
    this.#group = undefined;
    try {
      group.conn.prepare('COMMIT').run();
    } catch (err) {
      this.#reject(group, err);
      return;
    }
    restartWalIfWanted(group.conn);
    for (const m of group.members) m.resolve();
  }

  /**
   * After a statement failed: sqlite undoes only that statement for a constraint violation, but
   * the whole transaction for some errors (a full disk, an I/O error, an interrupt); then every
   * member of the group has lost its writes and is told so.
   */
  #checkGroup(conn: RawConnection, err: unknown): void {
    if (this.#group && !conn.inTransaction) this.#failGroup(err);
  }

  #failGroup(err: unknown): void {
    const group = this.#group;
    if (!group) return;
    this.#group = undefined;
    this.#reject(group, err);
  }

  /** Ends `group` undone (what is left of it) and tells each of its members why. */
  #reject(group: { conn: RawConnection; members: Member[] }, err: unknown): void {
    if (group.conn.inTransaction) {
      try {
        group.conn.prepare('ROLLBACK').run();
      } catch {
        // nothing more to undo: sqlite ends the transaction when ROLLBACK fails
      }
    }
    const failure = classifyStorageError(err);
    for (const m of group.members) m.reject(failure);
  }

  /** The connection, taken, when it is held and free; undefined when the caller must wait. */
  #takeNow(): RawConnection | undefined {
    if (this.#busy || !this.#conn) return undefined;
    this.#busy = true;
    return this.#conn;
  }

  #wait(deadline: AbortSignal | undefined): Promise<RawConnection> {
    return new Promise<RawConnection>((resolve, reject) => {
      let gone = false;
      const onAbort = () => {
        gone = true;
        const at = this.#queue.indexOf(waiter);
        if (at >= 0) this.#queue.splice(at, 1);
        reject(deadline!.reason);
      };
      const waiter: Waiter = {
        grant: (conn) => {
          if (gone) return false;
          deadline?.removeEventListener('abort', onAbort);
          resolve(conn);
          return true;
        },
        fail: (err) => {
          deadline?.removeEventListener('abort', onAbort);
          reject(classifyStorageError(err));
        },
      };
      deadline?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
      if (!this.#busy) this.#pump();
    });
  }

  /** The current holder is done: the next waiter gets the connection, or knex does. */
  #give(): void {
    this.#busy = false;
    if (this.#commitWanted) this.#commit();
    this.#pump();
  }

  /**
   * With the connection free: hands it back to the pool when knex asked for it (or the pool is
   * closing), then to the first waiter still waiting, acquiring it again if needed.
   */
  #pump(): void {
    if (this.#busy) return;
    if (this.#conn && (this.#yieldRequested || this.#closed)) this.#release();
    while (!this.#busy && this.#queue.length > 0) {
      if (!this.#conn) {
        this.#acquireForQueue();
        return;
      }
      const waiter = this.#queue.shift()!;
      this.#busy = true;
      if (!waiter.grant(this.#conn)) this.#busy = false;
    }
  }

  #acquireForQueue(): void {
    this.#busy = true;
    this.#acquire().then(
      (conn) => {
        this.#conn = conn;
        this.#busy = false;
        this.#pump();
      },
      (err: unknown) => {
        this.#busy = false;
        const waiters = this.#queue.splice(0);
        for (const w of waiters) w.fail(err);
      },
    );
  }

  /** knex wants the connection (or the pool is closing): release it now if free, else at the end. */
  #stepAside(): void {
    if (this.#busy) this.#yieldRequested = true; // in use, or being acquired: released when free
    else if (this.#conn) this.#release();
  }

  #release(): void {
    this.#commit(); // knex never sees the group's transaction
    const conn = this.#conn;
    this.#conn = undefined;
    this.#yieldRequested = false;
    if (conn) void this.#client.releaseConnection(conn);
  }
}

const leases = new WeakMap<Knex, SqliteLease>();

/** Has `observer` told about every statement the direct repositories run on `db` (a sqlite database). */
export function observeSqliteStatements(db: Knex, observer: StatementObserver): void {
  sqliteLease(db).observer = observer;
}

/** The lease on `db`'s sqlite connection, created on first use. */
export function sqliteLease(db: Knex): SqliteLease {
  let lease = leases.get(db);
  if (!lease) {
    lease = new SqliteLease(db);
    leases.set(db, lease);
  }
  return lease;
}
