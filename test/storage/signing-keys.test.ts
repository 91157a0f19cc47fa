import { createStorage } from '../../src/storage/index.js';
import type { SigningKeyRecord } from '../../src/core/ports/storage/index.js';
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
}
