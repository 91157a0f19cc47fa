/**
 * The sqlite direct path shares the one connection with knex (migrations, the purger, the
 * readiness probe, clients and signing keys): the two never run on it at the same time, neither
 * waits forever for the other, a call waiting behind a unit of work honours its deadline, a unit
 * whose deadline passed rolls back, and a closed store refuses instead of hanging.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { withCallDeadline } from '../../src/core/ports/call-deadline.js';
import { StorageUnavailable } from '../../src/core/ports/storage/index.js';
import { closeDatabase, openDatabase, pingDatabase, type Database } from '../../src/storage/db.js';
import { createStorage } from '../../src/storage/index.js';
import { migrateLatest } from '../../src/storage/migrate.js';
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
