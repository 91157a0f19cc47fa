/**
 * The unit of work (withTransaction) on sqlite and PostgreSQL: its writes commit together or not
 * at all; a nested call, or a repository reached through the outer store inside it, joins the
 * open transaction (on sqlite's single connection anything else would wait forever); concurrent
 * units of work all finish.
 */
import { sha256b64url } from '../../src/storage/hash.js';
import { createStorage } from '../../src/storage/index.js';
import type { Storage } from '../../src/storage/index.js';
import { databaseTargets } from '../helpers/databases.js';
import { uid } from './fixtures.js';

const NOW = 1_700_000_000_000;
const MIN = 60_000;

const targets = await databaseTargets();
for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  let storage: Storage;
  test.before(async () => {
    storage = createStorage(await target.migrated());
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
}
