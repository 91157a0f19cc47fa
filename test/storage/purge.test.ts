import { createStorage } from '../../src/storage/index.js';
import { mockIdentityState } from '../../src/storage/mock-identity.js';
import { purgeExpired, startPurger } from '../../src/storage/purge.js';
import { databaseTargets } from '../helpers/databases.js';

const NOW = 1_700_000_000_000;

const targets = await databaseTargets();
for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  test.after.always(() => target.dispose());
  const name = (s: string) => `${target.name}: ${s}`;

  test(name('purges expired rows of every table in bounded batches and keeps live ones'), async (t) => {
    const db = await target.migrated();
    const s = createStorage(db);
    const mock = mockIdentityState(db);
    for (let i = 0; i < 5; i++) {
      for (const [suffix, expiresAt] of [['old', NOW - i], ['live', NOW + 1]] as const) {
        const key = `${suffix}-${i}`;
        await s.transactions.create({ id: key, clientId: 'c', data: {}, expiresAt }, 0);
        await s.authorizationCodes.insert({ codeHash: key, transactionId: key, clientId: 'c', redirectUri: 'r', codeChallenge: 'x', nonce: null, subject: 's', data: {}, expiresAt }, 0);
        await s.issuedTokens.insert({ tokenHash: key, codeHash: null, clientId: 'c', subject: 's', kind: 'access', data: {}, expiresAt }, 0);
        await s.replay.recordOnce('assertion_jti', key, expiresAt, 0);
        await s.nonces.issue(key, expiresAt, 0);
        await s.consents.upsert({ clientId: 'c', subject: key, claims: [], scopes: [], requestHash: 'h', createdAt: 0, expiresAt });
        await s.individualLimits.compareAndSet(key, { failures: 1, inFlight: 0, lastAttemptAt: 0, lastFailureAt: 0, lockedUntil: null, otpSends: [] }, null, expiresAt, 0);
        await mock.putOtp(key, expiresAt, 0);
        await mock.putKycToken(key, { subjectId: 's', clientId: 'c', expiresAt }, 0);
      }
    }
    await s.consents.upsert({ clientId: 'c', subject: 'forever', claims: [], scopes: [], requestHash: 'h', createdAt: 0, expiresAt: null });
    // An expired code whose token still lives is kept, so replaying it can still revoke the token.
    await s.authorizationCodes.insert({ codeHash: 'spent', transactionId: 't', clientId: 'c', redirectUri: 'r', codeChallenge: 'x', nonce: null, subject: 's', data: {}, expiresAt: NOW - 1 }, 0);
    await s.issuedTokens.insert({ tokenHash: 'bought', codeHash: 'spent', clientId: 'c', subject: 's', kind: 'access', data: {}, expiresAt: NOW + 1 }, 0);

    const counts = await purgeExpired(db, NOW, 2);
    t.deepEqual(counts, {
      transactions: 5, authorization_codes: 5, issued_tokens: 5, replay_entries: 5,
      nonces: 5, consents: 5, individual_limits: 5, mock_identity_otps: 5, mock_identity_kyc_tokens: 5,
    });
    const remaining = async (table: string) => Number(((await db(table).count({ n: '*' })) as { n: number }[])[0]?.n);
    t.is(await remaining('transactions'), 5);
    t.is(await remaining('authorization_codes'), 6);
    t.is(await remaining('consents'), 6);
    t.is(await remaining('individual_limits'), 5);
    t.is(await remaining('mock_identity_otps'), 5);
    t.is(await remaining('mock_identity_kyc_tokens'), 5);
    t.truthy(await db('authorization_codes').where({ code_hash: 'spent' }).first());
    t.deepEqual(Object.values(await purgeExpired(db, NOW, 2)), [0, 0, 0, 0, 0, 0, 0, 0, 0], 'nothing left to purge');
  });

  test(name('the purger runs on its interval, not stacking a slow run, and stops'), async (t) => {
    const db = await target.migrated();
    const s = createStorage(db);
    await s.nonces.issue('gone', NOW - 1, 0);
    // A timer the test fires itself: no waiting on the wall clock.
    const timer = { interval: 0, run: undefined as (() => Promise<void> | undefined) | undefined, stopped: false };
    const stop = startPurger(db, 20, () => NOW, (err) => t.fail(String(err)), {
      every(intervalMs, run) {
        Object.assign(timer, { interval: intervalMs, run });
        return () => void (timer.stopped = true);
      },
    });
    t.is(timer.interval, 20);
    const first = timer.run!();
    t.is(timer.run!(), undefined, 'fired again while the first run is in progress: skipped');
    t.truthy(first);
    await first;
    t.is(await db('nonces').where({ nonce_hash: 'gone' }).first(), undefined);
    t.false(timer.stopped);
    stop();
    t.true(timer.stopped);
  });
}
