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
  const openTx = () => storage.transactions.create({ clientId: 'c1', csrfHash: sha256b64url('csrf'), data: { scope: 'openid' }, expiresAt: NOW + 10 * MIN }, NOW);

  test(name('creates a transaction with a random id and reads it back'), async (t) => {
    const tx = await openTx();
    t.regex(tx.id, /^[\w-]{43}$/);
    t.deepEqual(await storage.transactions.get(tx.id), tx);
    t.like(tx, { state: 'created', version: 0, sendOtpCount: 0, data: { scope: 'openid' } });
    t.is(await storage.transactions.get('missing'), null);
  });

  test(name('transitions only from the stated source state, before expiry, at the expected version'), async (t) => {
    const tx = await openTx();
    t.is(await storage.transactions.transition(tx.id, 'authenticated', 'code_issued', {}, NOW), null, 'wrong source state');
    t.is(await storage.transactions.transition(tx.id, 'created', 'authenticated', {}, NOW, 7), null, 'wrong version');
    t.is(await storage.transactions.transition(tx.id, 'created', 'authenticated', {}, NOW + 10 * MIN), null, 'expired');
    const patch = { subject: 'psut-1', authTime: NOW + 1, acr: 'mosip:idp:acr:generated-code', amr: ['otp'], data: { scope: 'openid', claims: ['name'] } };
    const moved = await storage.transactions.transition(tx.id, 'created', 'authenticated', patch, NOW + 1, 0);
    t.like(moved, { ...patch, state: 'authenticated', version: 1, updatedAt: NOW + 1 }, 'the row as the update left it');
    t.deepEqual(await storage.transactions.get(tx.id), moved);
  });

  test(name('of 20 concurrent transitions exactly one wins'), async (t) => {
    const tx = await openTx();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => storage.transactions.transition(tx.id, 'created', 'authenticated', {}, NOW)),
    );
    t.is(results.filter((r) => r !== null).length, 1);
    t.is((await storage.transactions.get(tx.id))?.version, 1);
  });

  test(name('counts attempts atomically up to a maximum'), async (t) => {
    const tx = await openTx();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => storage.transactions.incrementCounter(tx.id, 'send_otp_count', 5, NOW)),
    );
    const counts = results.flatMap((r) => (r.ok ? [r.count] : [])).sort();
    t.deepEqual(counts, [1, 2, 3, 4, 5]);
    t.is(results.filter((r) => !r.ok && r.reason === 'limit_reached').length, 3);
    t.is((await storage.transactions.get(tx.id))?.sendOtpCount, 5);
    t.deepEqual(await storage.transactions.incrementCounter('missing', 'authenticate_count', 5, NOW), { ok: false, reason: 'not_found' });
  });

  test(name('gives an attempt back without going below zero, also when refunds race'), async (t) => {
    const tx = await openTx();
    for (let i = 0; i < 3; i++) await storage.transactions.incrementCounter(tx.id, 'authenticate_count', 5, NOW);
    await Promise.all(Array.from({ length: 5 }, () => storage.transactions.refundCounter(tx.id, 'authenticate_count', NOW)));
    t.is((await storage.transactions.get(tx.id))?.authenticateCount, 0);
    t.is((await storage.transactions.get(tx.id))?.sendOtpCount, 0, 'the other counter is untouched');
    t.deepEqual(await storage.transactions.incrementCounter(tx.id, 'authenticate_count', 5, NOW), { ok: true, count: 1 });
  });

  const storeCode = async (expiresAt = NOW + MIN) => {
    const codeHash = sha256b64url(uid());
    await storage.authorizationCodes.insert(
      { codeHash, transactionId: 't1', clientId: 'c1', redirectUri: 'https://rp.example/cb', codeChallenge: 'ch', nonce: 'n', subject: 'psut-1', data: { acr: 'x' }, expiresAt },
      NOW,
    );
    return codeHash;
  };

  test(name('consumes a code once and says why later attempts fail'), async (t) => {
    const codeHash = await storeCode();
    const first = await storage.authorizationCodes.consume(codeHash, NOW + 1);
    t.true(first.ok);
    if (first.ok) t.like(first.code, { codeHash, subject: 'psut-1', consumedAt: NOW + 1, data: { acr: 'x' }, nonce: 'n' });
    t.deepEqual(await storage.authorizationCodes.consume(codeHash, NOW + 2), { ok: false, reason: 'already_consumed' });
    t.deepEqual(await storage.authorizationCodes.consume(sha256b64url('nope'), NOW), { ok: false, reason: 'unknown' });
    const stale = await storeCode(NOW + 5);
    t.deepEqual(await storage.authorizationCodes.consume(stale, NOW + 5), { ok: false, reason: 'expired' });
  });

  test(name('of 20 concurrent consumes of one code exactly one succeeds'), async (t) => {
    const codeHash = await storeCode();
    const results = await Promise.all(Array.from({ length: 20 }, () => storage.authorizationCodes.consume(codeHash, NOW)));
    t.is(results.filter((r) => r.ok).length, 1);
    t.true(results.every((r) => r.ok || r.reason === 'already_consumed'));
  });

  test(name('a reused code revokes the tokens its first exchange issued'), async (t) => {
    const codeHash = await storeCode();
    t.true((await storage.authorizationCodes.consume(codeHash, NOW)).ok);
    const tokenHash = sha256b64url(uid());
    const other = sha256b64url(uid());
    await storage.issuedTokens.insert({ tokenHash, codeHash, clientId: 'c1', subject: 'psut-1', kind: 'access', data: { scope: 'openid' }, expiresAt: NOW + MIN }, NOW);
    await storage.issuedTokens.insert({ tokenHash: other, codeHash: null, clientId: 'c1', subject: 'psut-1', kind: 'access', data: {}, expiresAt: NOW + MIN }, NOW);
    t.is((await storage.issuedTokens.get(tokenHash, NOW))?.status, 'active');

    const reuse = await storage.authorizationCodes.consume(codeHash, NOW + 1);
    t.deepEqual(reuse, { ok: false, reason: 'already_consumed' });
    t.is(await storage.issuedTokens.revokeTokensOfCode(codeHash, NOW + 1), 1);
    const lookup = await storage.issuedTokens.get(tokenHash, NOW + 2);
    t.is(lookup?.status, 'revoked');
    t.is(lookup?.token.revokedAt, NOW + 1);
    t.is((await storage.issuedTokens.get(other, NOW + 2))?.status, 'active', 'unrelated tokens stay');
  });

  test(name('reports tokens as expired or revoked'), async (t) => {
    const tokenHash = sha256b64url(uid());
    await storage.issuedTokens.insert({ tokenHash, codeHash: null, clientId: 'c1', subject: 's', kind: 'access', data: { a: 1 }, expiresAt: NOW + MIN }, NOW);
    t.deepEqual((await storage.issuedTokens.get(tokenHash, NOW))?.token.data, { a: 1 });
    t.is((await storage.issuedTokens.get(tokenHash, NOW + MIN))?.status, 'expired');
    t.true(await storage.issuedTokens.revoke(tokenHash, NOW));
    t.false(await storage.issuedTokens.revoke(tokenHash, NOW), 'already revoked');
    t.is((await storage.issuedTokens.get(tokenHash, NOW))?.status, 'revoked');
    t.is(await storage.issuedTokens.get('missing', NOW), null);
  });
}
