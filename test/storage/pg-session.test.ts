/**
 * The PostgreSQL direct path (src/storage/pg): pg clients borrowed from knex's pool, named
 * prepared statements, the unit of work as BEGIN … COMMIT on one of them. A unit whose deadline
 * passed rolls back, knex work inside a unit joins its transaction, every statement reaches the
 * statement observer, a statement text is parsed once per connection, and a failed statement
 * rolls its whole unit back and leaves the connection usable for the next caller. Statements
 * outside units share one connection while any of them runs, pipelined, the statements of one
 * event-loop turn in one write; each gets its own answer and its own failure, and a connection
 * that was cut is replaced.
 */
import { Socket } from 'node:net';
import avaTest from 'ava';
import { StorageUnavailable } from '../../src/core/ports/storage/index.js';
import { closeDatabase, openDatabase } from '../../src/storage/db.js';
import { createStorage } from '../../src/storage/index.js';
import { pgConsents } from '../../src/storage/pg/records.js';
import { pgSession, STALLED_MS } from '../../src/storage/pg/session.js';
import { databaseTargets } from '../helpers/databases.js';
import { uid } from './fixtures.js';

const NOW = 1_700_000_000_000;
const MIN = 60_000;

const targets = await databaseTargets();
for (const target of targets) avaTest.after.always(() => target.dispose());
const pg = targets.find((t) => t.name === 'postgres')!;
const test = pg.test;

test('a failed statement rolls back its unit, and the pooled connection serves the next unit', async (t) => {
  const db = await pg.migrated();
  const storage = createStorage(db);
  const [taken, fresh] = [uid('n'), uid('n')];
  await storage.nonces.issue(taken, NOW + MIN, NOW);
  const err = await t.throwsAsync(
    storage.withTransaction(async (repos) => {
      await repos.nonces.issue(fresh, NOW + MIN, NOW);
      await repos.nonces.issue(taken, NOW + MIN, NOW); // a duplicate key
    }),
  );
  t.is((err as { code?: string }).code, '23505', 'the unique violation reaches the caller as it was');
  t.false(await storage.nonces.consume(fresh, NOW), 'the unit’s first insert went with it');
  // Every connection the pool holds is out of the failed transaction: units keep committing.
  const nonces = Array.from({ length: 12 }, () => uid('n'));
  await Promise.all(nonces.map((n) => storage.withTransaction((repos) => repos.nonces.issue(n, NOW + MIN, NOW))));
  for (const n of nonces) t.true(await storage.nonces.consume(n, NOW));
});

test('a statement text is parsed once per connection and then only bound and executed', async (t) => {
  const db = await pg.migrated();
  const statements = await pgSession(db).unit(async ({ query }) => {
    const consents = pgConsents(query);
    for (let i = 0; i < 5; i++) await consents.get(`c${i}`, 's', NOW);
    // The same connection: what it holds prepared (this query among them).
    const { rows } = await query<{ name: string; statement: string }>('select', 'SELECT name, statement FROM pg_prepared_statements', []);
    return rows;
  });
  const consentReads = statements.filter((s) => /^SELECT .* FROM consents WHERE/.test(s.statement));
  t.is(consentReads.length, 1, 'five reads, one prepared statement');
  t.regex(consentReads[0]!.name, /^signet_\d+$/);
});

test('statements prepared before another instance adds a column to their tables keep working (a rolling, additive migration)', async (t) => {
  const db = await pg.migrated();
  const storage = createStorage(db);
  const exercise = async (tag: string) => {
    const tx = await storage.transactions.create({ clientId: `c-${tag}`, data: { n: 1 }, expiresAt: NOW + MIN }, NOW);
    t.truthy(await storage.transactions.get(tx.id));
    t.truthy(await storage.transactions.transition(tx.id, 'created', 'authenticated', { subject: 's' }, NOW));
    const codeHash = uid('code');
    await storage.authorizationCodes.insert({ codeHash, transactionId: tx.id, clientId: 'c', redirectUri: 'https://rp.example/cb', codeChallenge: 'ch', nonce: null, subject: 's', data: {}, expiresAt: NOW + MIN }, NOW);
    t.true((await storage.authorizationCodes.consume(codeHash, NOW)).ok);
    const tokenHash = uid('tok');
    await storage.issuedTokens.insert({ tokenHash, codeHash, clientId: 'c', subject: 's', kind: 'access', data: {}, expiresAt: NOW + MIN }, NOW);
    t.is((await storage.issuedTokens.get(tokenHash, NOW))?.status, 'active');
    await storage.consents.upsert({ clientId: 'c', subject: tag, claims: [], scopes: [], requestHash: 'h', createdAt: NOW, expiresAt: null });
    t.truthy(await storage.consents.get('c', tag, NOW));
    const who = uid('i');
    t.true(await storage.individualLimits.compareAndSet(who, { failures: 0, inFlight: 0, lastAttemptAt: NOW, lastFailureAt: null, lockedUntil: null, otpSends: [] }, null, NOW + MIN, NOW));
    t.truthy(await storage.individualLimits.get(who));
    t.truthy(await storage.individualLimits.clear(who));
  };
  // Enough rounds in parallel that every pooled connection has the statements prepared.
  await Promise.all(Array.from({ length: 4 }, (_, i) => exercise(`before-${i}`)));
  const other = await pg.another(db);
  for (const table of ['transactions', 'authorization_codes', 'issued_tokens', 'consents', 'individual_limits']) {
    await other.raw(`ALTER TABLE ${table} ADD COLUMN added_later text`);
  }
  await Promise.all(Array.from({ length: 4 }, (_, i) => exercise(`after-${i}`)));
});

test('a store whose pool was closed refuses with StorageUnavailable', async (t) => {
  const db = await pg.another(await pg.migrated());
  const storage = createStorage(db);
  await storage.nonces.issue(uid('n'), NOW + MIN, NOW);
  await closeDatabase(db);
  await t.throwsAsync(storage.nonces.consume(uid('n'), NOW), { instanceOf: StorageUnavailable });
});

/** The message types in a run of frontend protocol messages (a type byte, then an int32 length that counts itself). */
function messageKinds(bytes: Buffer): string[] {
  const kinds: string[] = [];
  for (let at = 0; at < bytes.length; at += 1 + bytes.readInt32BE(at + 1)) kinds.push(String.fromCharCode(bytes[at]!));
  return kinds;
}

/** Every write a socket makes while `body` runs (net.Socket's `_write` and `_writev`), with its bytes. */
async function socketWrites<T>(body: () => Promise<T>): Promise<{ result: T; writes: { socket: Socket; bytes: Buffer }[] }> {
  type Chunk = { chunk: Buffer };
  const proto = Socket.prototype as unknown as {
    _write: (this: Socket, chunk: Buffer, ...rest: unknown[]) => void;
    _writev: (this: Socket, chunks: Chunk[], ...rest: unknown[]) => void;
  };
  const [write, writev] = [proto._write, proto._writev];
  const writes: { socket: Socket; bytes: Buffer }[] = [];
  proto._write = function (this: Socket, chunk: Buffer, ...rest: unknown[]) {
    writes.push({ socket: this, bytes: Buffer.from(chunk) });
    return write.call(this, chunk, ...rest);
  };
  proto._writev = function (this: Socket, chunks: Chunk[], ...rest: unknown[]) {
    writes.push({ socket: this, bytes: Buffer.concat(chunks.map((c) => Buffer.from(c.chunk))) });
    return writev.call(this, chunks, ...rest);
  };
  try {
    return { result: await body(), writes };
  } finally {
    proto._write = write;
    proto._writev = writev;
  }
}

test.serial('statements outside a unit share one connection while they run: one write for a turn’s statements, each caller its own answer', async (t) => {
  const db = await pg.another(await pg.migrated());
  const session = pgSession(db);
  const sql = 'SELECT $1::int AS n, pg_backend_pid() AS pid /* shared-connection test */';
  const { result, writes } = await socketWrites(() =>
    Promise.all(Array.from({ length: 20 }, (_, i) => session.query<{ n: number; pid: number }>('select', sql, [i]))),
  );
  t.deepEqual(result.map((r) => r.rows[0]!.n), Array.from({ length: 20 }, (_, i) => i), 'each caller got its own row');
  t.is(new Set(result.map((r) => r.rows[0]!.pid)).size, 1, 'one backend served all twenty');
  const socket = writes.find((w) => w.bytes.includes('shared-connection test'))?.socket;
  t.truthy(socket, 'the statement was written');
  const onSocket = writes.filter((w) => w.socket === socket);
  const first = onSocket.findIndex((w) => w.bytes.includes('shared-connection test'));
  t.is(onSocket.length - first, 1, 'the twenty statements left in one write (after the connection’s own setup)');
  const kinds = messageKinds(onSocket[first]!.bytes);
  t.is(kinds.filter((k) => k === 'B').length, 20, 'twenty Binds');
  t.is(kinds.filter((k) => k === 'S').length, 20, 'each with its own Sync');
  // The last answer returned the connection: nothing is held between bursts.
  t.is((db.client as unknown as { pool: { numUsed(): number } }).pool.numUsed(), 0);
  const again = await session.query<{ n: number }>('select', sql, [7]);
  t.is(again.rows[0]!.n, 7);
  await closeDatabase(db);
});

test('a statement that fails on the shared connection fails alone', async (t) => {
  const db = await pg.migrated();
  const session = pgSession(db);
  const settled = await Promise.allSettled(
    Array.from({ length: 9 }, (_, i) => session.query<{ n: number }>('select', 'SELECT 12 / $1::int AS n', [i - 4])),
  );
  settled.forEach((s, i) => {
    if (i === 4) {
      t.is(s.status, 'rejected');
      t.is(((s as PromiseRejectedResult).reason as { code?: string }).code, '22012', 'division by zero, reported to its own caller');
    } else {
      t.is(s.status, 'fulfilled', `statement ${i}`);
      t.is((s as PromiseFulfilledResult<{ rows: { n: number }[] }>).value.rows[0]!.n, Math.trunc(12 / (i - 4)));
    }
  });
});

test('statements after the shared connection was cut run on a fresh one', async (t) => {
  const db = await pg.another(await pg.migrated());
  const session = pgSession(db);
  const admin = await pg.another(db);
  const marker = `cut-${uid('m')}`;
  const slow = session.query<{ pid: number }>('select', `SELECT pg_backend_pid() AS pid, pg_sleep(5) /* ${marker} */`, []);
  const queued = session.query<{ n: number }>('select', 'SELECT 1 AS n', []);
  let victim: number | undefined;
  for (let i = 0; i < 100 && victim === undefined; i++) {
    const { rows } = await admin.raw<{ rows: { pid: number }[] }>(`SELECT pid FROM pg_stat_activity WHERE query LIKE ? AND pid <> pg_backend_pid()`, [`%${marker}%`]);
    victim = rows[0]?.pid;
    if (victim === undefined) await new Promise((r) => setTimeout(r, 20));
  }
  t.truthy(victim, 'the slow statement is running');
  await admin.raw('SELECT pg_terminate_backend(?)', [victim!]);
  await t.throwsAsync(slow);
  await t.throwsAsync(queued, undefined, 'the statement pipelined behind it went with the connection');
  const after = await Promise.all(Array.from({ length: 5 }, () => session.query<{ pid: number }>('select', 'SELECT pg_backend_pid() AS pid', [])));
  t.true(after.every((r) => r.rows[0]!.pid !== victim), 'a fresh connection');
  await closeDatabase(admin);
  await closeDatabase(db);
});

test.serial('a unit’s BEGIN and the statements it issues together leave in one write', async (t) => {
  const db = await pg.another(await pg.migrated());
  const session = pgSession(db);
  await session.query('select', 'SELECT 1', []); // the connection's own setup, out of the way
  const sql = 'SELECT $1::int AS n /* unit-batch test */';
  const { result, writes } = await socketWrites(() =>
    session.unit(({ query }) => Promise.all([1, 2, 3].map((n) => query<{ n: number }>('select', sql, [n])))),
  );
  t.deepEqual(result.map((r) => r.rows[0]!.n), [1, 2, 3]);
  const socket = writes.find((w) => w.bytes.includes('unit-batch test'))?.socket;
  const onSocket = writes.filter((w) => w.socket === socket).map((w) => messageKinds(w.bytes).join(''));
  const bind = 'BDES';
  t.deepEqual(onSocket, [`Q${'P'}${bind}${bind}${bind}`, 'Q'], 'BEGIN with the three statements, then COMMIT');
  await closeDatabase(db);
});

test('with one pooled connection, a unit of work gets its turn among statements outside units that never stop coming', async (t) => {
  const base = await pg.migrated();
  const { connection, searchPath } = base.client.config as { connection: { connectionString: string }; searchPath: string[] };
  // Before statements stopped joining a busy shared connection while the pool had waiters, the
  // unit below waited for the pool's one connection until this timeout and failed.
  const db = openDatabase({ url: connection.connectionString, schema: searchPath[0]!, sqliteFile: '', poolMax: 1, acquireTimeoutMs: 5000 });
  const session = pgSession(db);
  let stop = false;
  let answered = 0;
  // Staggered workers, so some statement outside a unit is always in flight.
  const workers = Array.from({ length: 6 }, async (_, i) => {
    await new Promise((r) => setTimeout(r, i * 3));
    while (!stop) {
      await session.query('select', 'SELECT pg_sleep(0.004)', []);
      answered++;
    }
  });
  try {
    for (let i = 0; i < 500 && answered < 20; i++) await new Promise((r) => setTimeout(r, 10));
    t.true(answered >= 20, `the stream is flowing (${answered} statements answered)`);
    const started = Date.now();
    const inUnit = await session.unit(async ({ query }) => (await query<{ n: number }>('select', 'SELECT 1 AS n', [])).rows[0]!.n);
    t.is(inUnit, 1, `the unit ran, after waiting ${Date.now() - started} ms for the pool's one connection`);
    const during = answered;
    await new Promise((r) => setTimeout(r, 50));
    t.true(answered > during, 'and the stream goes on after it');
  } finally {
    stop = true;
    await Promise.all(workers);
    await closeDatabase(db);
  }
});

test('a statement waiting on a locked row holds up only what was already queued behind it: later statements take another connection', async (t) => {
  const db = await pg.another(await pg.migrated());
  const storage = createStorage(db);
  const session = pgSession(db);
  const other = await pg.another(db); // another instance, whose unit of work holds the row
  const [locked, fresh] = [uid('n'), uid('n')];
  await storage.nonces.issue(locked, NOW + MIN, NOW);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let holding!: () => void;
  const held = new Promise<void>((r) => (holding = r));
  const unit = other.transaction(async (trx) => {
    await trx.raw('SELECT 1 FROM nonces WHERE nonce_hash = ? FOR UPDATE', [locked]);
    holding();
    await released;
  });
  try {
    await held;
    const waiting = storage.nonces.consume(locked, NOW); // outside a unit: the shared connection
    const queuedBehind = session.query<{ pid: number }>('select', 'SELECT pg_backend_pid() AS pid', []);
    let queuedDone = false;
    void queuedBehind.then(() => (queuedDone = true), () => (queuedDone = true));
    await new Promise((r) => setTimeout(r, STALLED_MS + 100));
    const started = performance.now();
    await storage.nonces.issue(fresh, NOW + MIN, NOW);
    const later = await session.query<{ pid: number }>('select', 'SELECT pg_backend_pid() AS pid', []);
    const tookMs = performance.now() - started;
    // Queued behind the waiting statement they would wait for its statement timeout (5 s).
    t.true(tookMs < 3000, `statements issued after the stall answered (${tookMs.toFixed(0)} ms) while the row is still locked`);
    t.false(queuedDone, 'the statement pipelined behind the waiting one still waits with it');
    release();
    await unit;
    t.true(await waiting, 'the waiting statement went through once the lock was released');
    t.not((await queuedBehind).rows[0]!.pid, later.rows[0]!.pid, 'the later statement ran on another connection');
    t.true(await storage.nonces.consume(fresh, NOW), 'and its write is there');
  } finally {
    release();
    await unit.catch(() => undefined);
    await closeDatabase(other);
    await closeDatabase(db);
  }
});
