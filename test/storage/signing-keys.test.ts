import { createStorage, migrateLatest } from '../../src/storage/index.js';
import { DuplicateError, type SigningKeyRecord } from '../../src/core/ports/storage/index.js';
import { migrations, migrationSource } from '../../src/storage/migrations/index.js';
import { databaseTargets } from '../helpers/databases.js';

const key = (kid: string, alg: string, activateAt: number): SigningKeyRecord => ({
  kid, purpose: 'token', alg, publicJwk: { kty: 'EC', crv: 'P-256', x: kid, y: kid }, privateKey: `v1.sealed-${kid}`,
  createdAt: activateAt, activateAt, supersededAt: null, retireAt: null,
});

const targets = await databaseTargets();
for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  test.after.always(() => target.dispose());

  test(`${target.name}: rotation supersedes only the current keys of the same purpose and algorithm`, async (t) => {
    const { signingKeys } = createStorage(await target.migrated());
    await signingKeys.insert(key('es-1', 'ES256', 10));
    await signingKeys.insert(key('rs-1', 'RS256', 10));
    t.deepEqual(await signingKeys.rotate(key('es-2', 'ES256', 100), 100, 500), ['es-1']);
    t.deepEqual(await signingKeys.rotate(key('es-3', 'ES256', 200), 200, 600), ['es-2'], 'already superseded keys keep their schedule');
    const keys = await signingKeys.listByPurpose('token');
    t.deepEqual(keys.map((k) => [k.kid, k.supersededAt, k.retireAt]), [
      ['es-1', 100, 500], ['rs-1', null, null], ['es-2', 200, 600], ['es-3', null, null],
    ]);
    t.deepEqual(keys[0]?.publicJwk, key('es-1', 'ES256', 10).publicJwk);
    t.is(keys[0]?.privateKey, 'v1.sealed-es-1');
    t.deepEqual(await signingKeys.listByPurpose('credential'), []);
  });

  test(`${target.name}: a second current key of one purpose and algorithm is refused with DuplicateError, whoever inserts it`, async (t) => {
    const { signingKeys } = createStorage(await target.migrated());
    await signingKeys.insert(key('es-a', 'ES256', 10));
    await t.throwsAsync(signingKeys.insert(key('es-b', 'ES256', 10)), { instanceOf: DuplicateError });
    await signingKeys.insert(key('rs-a', 'RS256', 10));
    t.deepEqual((await signingKeys.listByPurpose('token')).map((k) => k.kid), ['es-a', 'rs-a']);
  });

  test(`${target.name}: the migration keeps the key instances sign with when two first keys already exist, and supersedes the other`, async (t) => {
    const db = await target.fresh();
    const before = migrations.filter((m) => m.name < '0008');
    await db.migrate.latest({ migrationSource: { ...migrationSource, getMigrations: () => Promise.resolve([...before]) } });
    const { signingKeys } = createStorage(db);
    // What the race used to leave: two current ES256 keys made a moment apart.
    await signingKeys.insert(key('es-older', 'ES256', 10));
    await signingKeys.insert({ ...key('es-newer', 'ES256', 10), createdAt: 11 });
    await migrateLatest(db);
    const keys = await signingKeys.listByPurpose('token');
    t.is(keys.find((k) => k.kid === 'es-newer')?.supersededAt, null, 'the key activeKey() picks stays current');
    const older = keys.find((k) => k.kid === 'es-older')!;
    t.true(older.supersededAt !== null && older.retireAt! - older.supersededAt >= 366 * 86_400_000, 'the other is superseded and stays published beyond any credential it signed');
    await t.throwsAsync(signingKeys.insert(key('es-third', 'ES256', 20)), { instanceOf: DuplicateError });
  });
}
