/**
 * A database that cannot answer is StorageUnavailable (the RPC boundary makes it UNAVAILABLE /
 * 503), never the driver's raw error (INTERNAL / 500); any other database error stays what it is.
 * Storage calls honour the deadline of the RPC being served.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import knexFactory from 'knex';
import { withCallDeadline } from '../../src/core/ports/call-deadline.js';
import { StorageUnavailable } from '../../src/core/ports/storage/index.js';
import { closeDatabase, openDatabase } from '../../src/storage/db.js';
import { guardedCall } from '../../src/storage/guard.js';
import { createStorage } from '../../src/storage/index.js';
import { migrateLatest } from '../../src/storage/migrate.js';
import { unavailableReason } from '../../src/storage/unavailable.js';
import { freePort } from '../helpers/signet.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

test('connection-level failures of both drivers are named; other database errors are not', (t) => {
  const cases: [unknown, string | undefined][] = [
    [withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'ECONNREFUSED'],
    [withCode('read ECONNRESET', 'ECONNRESET'), 'ECONNRESET'],
    [new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), 'ECONNREFUSED'],
    [withCode('terminating connection due to administrator command', '57P01'), '57P01'],
    [withCode('the database system is starting up', '57P03'), '57P03'],
    [withCode('canceling statement due to statement timeout', '57014'), '57014'],
    [withCode('sorry, too many clients already', '53300'), '53300'],
    [withCode('connection failure', '08006'), '08006'],
    [new Error('Connection terminated unexpectedly'), 'connection terminated'],
    [new Error('timeout expired'), 'connect timeout'],
    [new Error('Query read timeout'), 'query timeout'],
    [new Error('select * from "clients" where "client_id" = $1 limit $2 - Query read timeout'), 'query timeout'],
    [new Error('BEGIN; - Connection terminated unexpectedly'), 'connection terminated'],
    [new Error('Client has encountered a connection error and is not queryable'), 'connection lost'],
    [Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }), 'acquire timeout'],
    [withCode('SQLITE_BUSY: database is locked', 'SQLITE_BUSY'), 'SQLITE_BUSY'],
    [new Error('wrapped', { cause: withCode('read ECONNRESET', 'ECONNRESET') }), 'ECONNRESET'],
    [withCode('duplicate key value violates unique constraint', '23505'), undefined],
    [withCode('syntax error at or near "SELEC"', '42601'), undefined],
    [withCode('SQLITE_CONSTRAINT: UNIQUE constraint failed', 'SQLITE_CONSTRAINT'), undefined],
    [new TypeError('cannot read properties of undefined'), undefined],
    ['not an error', undefined],
  ];
  for (const [err, reason] of cases) t.is(unavailableReason(err), reason, String((err as Error).message ?? err));
});

test('PostgreSQL that refuses connections: a repository call fails fast with StorageUnavailable', async (t) => {
  const port = await freePort(); // nothing listens there
  const db = openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, sqliteFile: '', connectTimeoutMs: 1000, acquireTimeoutMs: 1000, notices: () => {} });
  t.teardown(() => closeDatabase(db));
  const err = await t.throwsAsync(createStorage(db).clients.get('any'), { instanceOf: StorageUnavailable });
  t.is(err?.reason, 'ECONNREFUSED');
  t.regex(String((err?.cause as Error)?.message), /ECONNREFUSED/, 'the driver error is kept as the cause for the log');
});

test('sqlite locked by another process past busy_timeout: StorageUnavailable (SQLITE_BUSY)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-busy-'));
  const file = join(dir, 'signet.db');
  const mine = openDatabase({ sqliteFile: file, statementTimeoutMs: 50 });
  await migrateLatest(mine);
  // The other process: a raw connection holding the write lock.
  const other = knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  t.teardown(async () => {
    await other.destroy();
    await closeDatabase(mine);
    rmSync(dir, { recursive: true, force: true });
  });
  const locked = await other.transaction();
  await locked('nonces').insert({ nonce_hash: 'held', kind: 'c_nonce', created_at: 0, expires_at: 10, consumed_at: null });
  const err = await t.throwsAsync(createStorage(mine).nonces.issue('n', 10, 0), { instanceOf: StorageUnavailable });
  t.is(err?.reason, 'SQLITE_BUSY');
  await locked.rollback();
});

test('a constraint violation is not unavailability: it reaches the caller as it was', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-dup-'));
  const db = openDatabase({ sqliteFile: join(dir, 'signet.db') });
  t.teardown(async () => {
    await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  await migrateLatest(db);
  const storage = createStorage(db);
  await storage.nonces.issue('same', 10, 0);
  // better-sqlite3's SqliteError inherits from Error without being created as one (`any`).
  const err = await t.throwsAsync(storage.nonces.issue('same', 10, 0), { any: true });
  t.false(err instanceof StorageUnavailable);
  t.regex(String((err as Error).message), /UNIQUE constraint failed/);
});

test('a storage call gives up when the deadline of the call being served passes, and later calls are refused at once', async (t) => {
  const deadline = new AbortController();
  let finish!: (v: string) => void;
  const started: string[] = [];
  const hung = withCallDeadline(deadline.signal, () =>
    guardedCall(() => {
      started.push('first');
      return new Promise<string>((resolve) => (finish = resolve));
    }),
  );
  const reason = new Error('deadline exceeded');
  deadline.abort(reason);
  t.is(await t.throwsAsync(hung), reason);
  const later = withCallDeadline(deadline.signal, () => guardedCall(async () => started.push('second')));
  t.is(await t.throwsAsync(later), reason);
  t.deepEqual(started, ['first'], 'the later call never reached the database');
  finish('too late'); // settles without an unhandled rejection
  t.is(await guardedCall(async () => 'outside any call'), 'outside any call');
});
