/**
 * The unit of work (withTransaction) on sqlite and PostgreSQL: its writes commit together or not
 * at all; a nested call, or a repository reached through the outer store inside it, joins the
 * open transaction (on sqlite's single connection anything else would wait forever), knex work
 * (clients, signing keys) inside it included; a unit whose deadline passed rolls back; every
 * statement of the direct repositories reaches the statement observer; concurrent units of work
 * all finish. A RollBack thrown out of a unit rolls it back and becomes its value, except in a
 * unit that joined another, where it fails the open unit.
 */
import { withCallDeadline } from '../../src/core/ports/call-deadline.js';
import { RollBack } from '../../src/core/ports/storage/index.js';
import { sha256b64url } from '../../src/storage/hash.js';
import { createStorage, observePgStatements, observeSqliteStatements, type Database } from '../../src/storage/index.js';
import type { Storage } from '../../src/storage/index.js';
import { databaseTargets } from '../helpers/databases.js';
import { newClient, uid } from './fixtures.js';

const NOW = 1_700_000_000_000;
const MIN = 60_000;

const targets = await databaseTargets();
for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  let storage: Storage;
  let db: Database;
  test.before(async () => {
    db = await target.migrated();
    storage = createStorage(db);
  });
  test.after.always(() => target.dispose());
  const name = (s: string) => `${target.name}: ${s}`;
  const consent = (subject: string) => ({ clientId: 'c1', subject, claims: ['name'], scopes: [], requestHash: 'h', createdAt: NOW, expiresAt: null });

  test(name('commits every write of a unit of work and returns its value'), async (t) => {
    const subject = uid('s');
    const nonce = sha256b64url(uid());
    const value = await storage.withTransaction(async (repos) => {
      await repos.consents.upsert(consent(subject));
      await repos.nonces.issue(nonce, NOW + MIN, NOW);
      return 'done';
    });
    t.is(value, 'done');
    t.truthy(await storage.consents.get('c1', subject, NOW));
    t.true(await storage.nonces.consume(nonce, NOW));
  });

  test(name('keeps none of the writes of a unit of work that throws'), async (t) => {
    const subject = uid('s');
    const nonce = sha256b64url(uid());
    await t.throwsAsync(
      storage.withTransaction(async (repos) => {
        await repos.consents.upsert(consent(subject));
        await repos.nonces.issue(nonce, NOW + MIN, NOW);
        throw new Error('disk full');
      }),
      { message: 'disk full' },
    );
    t.is(await storage.consents.get('c1', subject, NOW), null);
    t.false(await storage.nonces.consume(nonce, NOW));
  });

  test(name('a RollBack thrown out of a unit of work keeps none of its writes and resolves to the value it carries'), async (t) => {
    const subject = uid('s');
    const nonce = sha256b64url(uid());
    const value = await storage.withTransaction(async (repos): Promise<string> => {
      await Promise.all([repos.consents.upsert(consent(subject)), repos.nonces.issue(nonce, NOW + MIN, NOW)]);
      throw new RollBack('refused');
    });
    t.is(value, 'refused');
    t.is(await storage.consents.get('c1', subject, NOW), null);
    t.false(await storage.nonces.consume(nonce, NOW));
  });

  test(name('a RollBack thrown out of a unit that joined an open one fails the open unit, which keeps nothing'), async (t) => {
    const [a, b] = [uid('s'), uid('s')];
    const err = await t.throwsAsync(
      storage.withTransaction(async (repos) => {
        await repos.consents.upsert(consent(a));
        return storage.withTransaction(async (inner) => {
          await inner.consents.upsert(consent(b));
          throw new RollBack('inner refusal');
        });
      }),
    );
    t.regex(err!.message, /cannot roll back on its own/, 'not resolved to the inner value: the outer unit could not undo only the inner writes');
    for (const s of [a, b]) t.is(await storage.consents.get('c1', s, NOW), null);
  });

  test(name('a nested unit of work and the outer store inside one join the open transaction'), async (t) => {
    const [a, b, c] = [uid('s'), uid('s'), uid('s')];
    await t.throwsAsync(
      storage.withTransaction(async (repos) => {
        await repos.consents.upsert(consent(a));
        await storage.withTransaction((inner) => inner.consents.upsert(consent(b)));
        await storage.consents.upsert(consent(c));
        // Reads through the outer store see the transaction's own writes.
        t.truthy(await storage.consents.get('c1', a, NOW));
        throw new Error('roll back');
      }),
      { message: 'roll back' },
    );
    for (const s of [a, b, c]) t.is(await storage.consents.get('c1', s, NOW), null, `${s} rolled back with the outer unit`);
  });

  test(name('of 20 concurrent units of work consuming one nonce, all finish and exactly one wins'), async (t) => {
    const nonce = sha256b64url(uid());
    await storage.nonces.issue(nonce, NOW + MIN, NOW);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        storage.withTransaction(async (repos) => {
          const won = await repos.nonces.consume(nonce, NOW);
          await repos.consents.upsert(consent(`race-${nonce}-${i}`));
          return won;
        }),
      ),
    );
    t.is(results.filter(Boolean).length, 1);
    for (let i = 0; i < 20; i++) t.truthy(await storage.consents.get('c1', `race-${nonce}-${i}`, NOW), 'every unit committed its own write');
  });

  test(name('a unit of work whose deadline passes before it ends rolls back'), async (t) => {
    const deadline = new AbortController();
    const reason = new Error('deadline exceeded');
    const nonce = uid('n');
    const unit = withCallDeadline(deadline.signal, () =>
      storage.withTransaction(async (repos) => {
        await repos.nonces.issue(nonce, NOW + MIN, NOW);
        deadline.abort(reason);
      }),
    );
    t.is(await t.throwsAsync(unit), reason);
    t.false(await storage.nonces.consume(nonce, NOW), 'the nonce was not committed');
  });

  test(name('clients and signing keys reached inside a unit of work (knex) run in its transaction, even as its first statement'), async (t) => {
    const client = newClient();
    await t.throwsAsync(
      storage.withTransaction(async () => {
        await storage.clients.create(client, NOW);
        t.truthy(await storage.clients.get(client.clientId), 'the unit sees its own insert');
        throw new Error('roll back');
      }),
      { message: 'roll back' },
    );
    t.is(await storage.clients.get(client.clientId), null, 'rolled back with the unit');
  });

  test.serial(name('every direct statement is reported to the statement observer (metrics and spans), failures as errors'), async (t) => {
    const own = await target.another(db);
    const seen: string[] = [];
    (target.name === 'postgres' ? observePgStatements : observeSqliteStatements)(own, (operation) => (outcome) => seen.push(`${operation} ${outcome}`));
    const store = createStorage(own);
    const nonce = uid('n');
    await store.nonces.issue(nonce, NOW + MIN, NOW);
    await store.withTransaction(async (repos) => {
      await repos.nonces.consume(nonce, NOW);
      await repos.consents.get('c1', 's', NOW);
    });
    await t.throwsAsync(store.nonces.issue(nonce, NOW + MIN, NOW), { any: true }); // a duplicate
    t.deepEqual(seen, ['insert ok', 'update ok', 'select ok', 'insert error']);
  });
}
