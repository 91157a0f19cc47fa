import { sha256b64url } from '../../src/storage/hash.js';
import { createStorage } from '../../src/storage/index.js';
import type { Storage } from '../../src/storage/index.js';
import { databaseTargets } from '../helpers/databases.js';
import { uid } from './fixtures.js';

const NOW = 1_700_000_000_000;

const targets = await databaseTargets();
for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  let storage: Storage;
  test.before(async () => {
    storage = createStorage(await target.migrated());
  });
  test.after.always(() => target.dispose());
  const name = (s: string) => `${target.name}: ${s}`;

  test(name('records a jti once while it lives, per kind, and again once it expired'), async (t) => {
    const jti = sha256b64url(uid());
    t.true(await storage.replay.recordOnce('assertion_jti', jti, NOW + 100, NOW));
    t.false(await storage.replay.recordOnce('assertion_jti', jti, NOW + 200, NOW + 99));
    t.true(await storage.replay.recordOnce('dpop_jti', jti, NOW + 100, NOW), 'kinds are separate');
    t.true(await storage.replay.recordOnce('assertion_jti', jti, NOW + 300, NOW + 100), 'expired entry replaced');
    t.false(await storage.replay.recordOnce('assertion_jti', jti, NOW + 400, NOW + 299), 'with its new expiry');
  });

  test(name('of 20 concurrent recordOnce calls of one jti exactly one is true'), async (t) => {
    const jti = sha256b64url(uid());
    const results = await Promise.all(Array.from({ length: 20 }, () => storage.replay.recordOnce('assertion_jti', jti, NOW + 100, NOW)));
    t.is(results.filter(Boolean).length, 1);
  });

  test(name('of 20 concurrent recordOnce calls replacing an expired entry exactly one is true'), async (t) => {
    const jti = sha256b64url(uid());
    await storage.replay.recordOnce('authorize_nonce', jti, NOW, NOW - 10);
    const results = await Promise.all(Array.from({ length: 20 }, () => storage.replay.recordOnce('authorize_nonce', jti, NOW + 100, NOW)));
    t.is(results.filter(Boolean).length, 1);
  });

  test(name('a c_nonce is consumed once and not after it expires'), async (t) => {
    const live = sha256b64url(uid());
    const stale = sha256b64url(uid());
    await storage.nonces.issue(live, NOW + 100, NOW);
    await storage.nonces.issue(stale, NOW + 100, NOW);
    const results = await Promise.all(Array.from({ length: 20 }, () => storage.nonces.consume(live, NOW + 1)));
    t.is(results.filter(Boolean).length, 1);
    t.false(await storage.nonces.consume(stale, NOW + 100));
    t.false(await storage.nonces.consume(sha256b64url('unknown'), NOW));
  });

  test(name('keeps one consent per client and subject, honouring its expiry'), async (t) => {
    const subject = uid('s');
    const consent = { clientId: 'c1', subject, claims: ['name'], scopes: ['openid'], requestHash: 'h1', createdAt: NOW, expiresAt: NOW + 100 };
    await storage.consents.upsert(consent);
    t.deepEqual(await storage.consents.get('c1', subject, NOW), consent);
    t.is(await storage.consents.get('c1', subject, NOW + 100), null, 'expired');
    const forever = { ...consent, claims: ['name', 'email'], requestHash: 'h2', expiresAt: null };
    await storage.consents.upsert(forever);
    t.deepEqual(await storage.consents.get('c1', subject, NOW + 1e9), forever);
    t.true(await storage.consents.delete('c1', subject));
    t.false(await storage.consents.delete('c1', subject));
    t.is(await storage.consents.get('c1', subject, NOW), null);
  });
}
