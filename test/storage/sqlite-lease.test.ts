/**
 * The sqlite direct path shares the one connection with knex (migrations, the purger, the
 * readiness probe, clients and signing keys): the two never run on it at the same time, neither
 * waits forever for the other, a call waiting behind a unit of work honours its deadline, a unit
 * whose deadline passed rolls back, and a closed store refuses instead of hanging. Group commit:
 * the work of one event-loop turn commits once, each caller is answered only after that commit,
 * a failed statement or unit of work costs the rest of its group nothing, and a failed commit
 * fails every member.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { withCallDeadline } from '../../src/core/ports/call-deadline.js';
import { StorageUnavailable } from '../../src/core/ports/storage/index.js';
import { closeDatabase, openDatabase, pingDatabase, type Database } from '../../src/storage/db.js';
import { createStorage } from '../../src/storage/index.js';
import { migrateLatest } from '../../src/storage/migrate.js';
import { sqliteLease } from '../../src/storage/sqlite/lease.js';
import { newClient, uid } from './fixtures.js';

const NOW = 1_700_000_000_000;
const MIN = 60_000;

async function open(t: { teardown(fn: () => unknown): void }): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-lease-'));
  const db = openDatabase({ sqliteFile: join(dir, 'signet.db') });
  t.teardown(async () => {
    await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  await migrateLatest(db);
  return db;
}

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

test('knex work asked for while a unit of work holds the connection runs after it commits, and direct work resumes after knex', async (t) => {
  const db = await open(t);
  const storage = createStorage(db);
  const order: string[] = [];
  const inside = gate();
  const release = gate();
  const nonce = uid('n');
  const unit = storage.withTransaction(async (repos) => {
    await repos.nonces.issue(nonce, NOW + MIN, NOW);
    inside.open();
    await release.opened;
    order.push('unit commits');
  });
  await inside.opened;
  // knex (a client registration, the readiness probe) and a direct statement queue behind the unit.
  const client = storage.clients.create(newClient(), NOW).then((c) => {
    order.push('knex insert');
    return c;
  });
  const ping = pingDatabase(db).then(() => order.push('knex ping'));
  const consumed = storage.nonces.consume(nonce, NOW).then((won) => {
    order.push('direct consume');
    return won;
  });
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve)); // many event-loop turns, no clock
  t.deepEqual(order, [], 'nothing ran on the connection while the unit held it');
  release.open();
  await Promise.all([unit, client, ping, consumed]);
  t.is(order[0], 'unit commits');
  t.true(await consumed, 'the direct statement saw the committed nonce');
  t.truthy(await storage.clients.get((await client).clientId));
  // Direct work after knex took the connection back and gave it up again.
  t.false(await storage.nonces.consume(nonce, NOW));
});

test('a statement waiting behind a unit of work gives up at its deadline and never runs; the unit commits', async (t) => {
  const db = await open(t);
  const storage = createStorage(db);
  const inside = gate();
  const release = gate();
  const nonce = uid('n');
  const unit = storage.withTransaction(async (repos) => {
    await repos.nonces.issue(nonce, NOW + MIN, NOW);
    inside.open();
    await release.opened;
  });
  await inside.opened;
  const deadline = new AbortController();
  const waiting = withCallDeadline(deadline.signal, () => storage.nonces.consume(nonce, NOW));
  const reason = new Error('deadline exceeded');
  deadline.abort(reason);
  t.is(await t.throwsAsync(waiting), reason);
  release.open();
  await unit;
  t.true(await storage.nonces.consume(nonce, NOW), 'the abandoned consume never ran');
});

test('a closed store refuses with StorageUnavailable instead of waiting', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-lease-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const db = openDatabase({ sqliteFile: join(dir, 'signet.db') });
  await migrateLatest(db);
  const storage = createStorage(db);
  await storage.nonces.issue(uid('n'), NOW + MIN, NOW); // the lease now holds the connection
  await closeDatabase(db); // returns: the lease gave the connection back
  await t.throwsAsync(storage.nonces.consume(uid('n'), NOW), { instanceOf: StorageUnavailable });
});

/** Counts the group commits on the lease's connection; `failNext` makes the next COMMIT fail. */
async function watchCommits(db: Database): Promise<{ commits: () => number; failNext: () => void }> {
  const conn = await sqliteLease(db).run((c) => c);
  const prepare = conn.prepare.bind(conn);
  let commits = 0;
  let fail = false;
  (conn as { prepare: typeof conn.prepare }).prepare = (sql: string) => {
    const statement = prepare(sql);
    if (sql !== 'COMMIT') return statement;
    return {
      ...statement,
      run: () => {
        if (fail) {
          fail = false;
          throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
        }
        commits++;
        return statement.run();
      },
    } as typeof statement;
  };
  return { commits: () => commits, failNext: () => (fail = true) };
}

/** better-sqlite3 (knex's driver, which ships no types), for a connection of the test's own. */
const BetterSqlite3 = createRequire(import.meta.url)('better-sqlite3') as new (
  file: string,
  options: { readonly: boolean },
) => { prepare(sql: string): { get(...params: unknown[]): unknown }; close(): void };

/** A second, read-only connection on the file: it sees only what has committed. */
function reader(t: { teardown(fn: () => unknown): void }, db: Database): (nonce: string) => boolean {
  const file = (db.client.config.connection as { filename: string }).filename;
  const other = new BetterSqlite3(file, { readonly: true });
  t.teardown(() => other.close());
  const select = other.prepare('SELECT count(*) AS n FROM nonces WHERE nonce_hash = ?');
  return (nonce) => (select.get(nonce) as { n: number }).n === 1;
}

test('the writes of one event-loop turn share one commit, and each is answered only once it has committed', async (t) => {
  const db = await open(t);
  const storage = createStorage(db);
  const watch = await watchCommits(db);
  const committed = reader(t, db);
  const nonces = Array.from({ length: 20 }, () => uid('n'));
  const seenAtAnswer: boolean[] = [];
  const writes = nonces.map((n) => storage.nonces.issue(n, NOW + MIN, NOW).then(() => seenAtAnswer.push(committed(n))));
  t.false(committed(nonces[0]!), 'written but not yet committed while the turn lasts');
  await Promise.all(writes);
  t.is(watch.commits(), 1, 'twenty writes, one commit');
  t.deepEqual(seenAtAnswer, nonces.map(() => true), 'every write was committed when it was answered');
  // The next turn's work opens a group of its own.
  await storage.nonces.issue(uid('n'), NOW + MIN, NOW);
  t.is(watch.commits(), 2);
});

test('a statement that fails in a group is refused alone; the rest of the group commits', async (t) => {
  const db = await open(t);
  const storage = createStorage(db);
  const committed = reader(t, db);
  const [a, b] = [uid('n'), uid('n')];
  const taken = uid('n');
  await storage.nonces.issue(taken, NOW + MIN, NOW);
  const watch = await watchCommits(db);
  const results = await Promise.allSettled([
    storage.nonces.issue(a, NOW + MIN, NOW),
    storage.nonces.issue(taken, NOW + MIN, NOW), // primary key taken: a constraint violation
    storage.nonces.issue(b, NOW + MIN, NOW),
  ]);
  t.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  t.is(watch.commits(), 1, 'the three shared one group');
  t.true(committed(a) && committed(b));
});

test('a unit of work that throws in a group rolls back its own writes only', async (t) => {
  const db = await open(t);
  const storage = createStorage(db);
  const committed = reader(t, db);
  const [before, inUnit, after] = [uid('n'), uid('n'), uid('n')];
  const failure = new Error('the unit changed its mind');
  const watch = await watchCommits(db);
  const results = await Promise.allSettled([
    storage.nonces.issue(before, NOW + MIN, NOW),
    storage.withTransaction(async (repos) => {
      await repos.nonces.issue(inUnit, NOW + MIN, NOW);
      throw failure;
    }),
    storage.nonces.issue(after, NOW + MIN, NOW),
  ]);
  t.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  t.is((results[1] as PromiseRejectedResult).reason, failure);
  t.is(watch.commits(), 1, 'the unit was a savepoint in the one group');
  t.true(committed(before) && committed(after));
  t.false(committed(inUnit));
});

test('a group whose commit fails answers every member with the failure and keeps none of their writes', async (t) => {
  const db = await open(t);
  const storage = createStorage(db);
  const watch = await watchCommits(db);
  const committed = reader(t, db);
  const nonces = [uid('n'), uid('n'), uid('n')];
  watch.failNext();
  const results = await Promise.allSettled([
    ...nonces.map((n) => storage.nonces.issue(n, NOW + MIN, NOW)),
    storage.withTransaction((repos) => repos.nonces.consume(nonces[0]!, NOW)),
  ]);
  t.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'rejected', 'rejected']);
  t.is(((results[0] as PromiseRejectedResult).reason as Error).message, 'disk I/O error');
  t.false(nonces.some(committed));
  // The connection serves the next group.
  await storage.nonces.issue(nonces[0]!, NOW + MIN, NOW);
  t.true(committed(nonces[0]!));
});

test('when sqlite rolls a group back (a full disk, an I/O error), a unit of work stops there and every member of the group is told', async (t) => {
  const db = await open(t);
  const storage = createStorage(db);
  const committed = reader(t, db);
  const conn = await sqliteLease(db).run((c) => c);
  const [plain, first, after] = [uid('n'), uid('n'), uid('n')];
  const results = await Promise.allSettled([
    storage.nonces.issue(plain, NOW + MIN, NOW),
    storage.withTransaction(async (repos) => {
      await repos.nonces.issue(first, NOW + MIN, NOW);
      conn.prepare('ROLLBACK').run(); // what sqlite itself does on SQLITE_FULL or SQLITE_IOERR
      await repos.nonces.issue(after, NOW + MIN, NOW); // must not commit on its own
    }),
  ]);
  t.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  t.true((results[1] as PromiseRejectedResult).reason instanceof StorageUnavailable);
  t.false([plain, first, after].some(committed), 'nothing of the group, nor the statement after the rollback, committed');
  await storage.nonces.issue(after, NOW + MIN, NOW);
  t.true(committed(after), 'the connection serves the next group');
});
