import test from 'ava';
import { mockIdentityState, type MockIdentityRepository } from '../../src/storage/mock-identity.js';
import { databaseTargets } from '../helpers/databases.js';
import { uid } from './fixtures.js';

const NOW = 1_700_000_000_000;

// What Signet runs: prepared statements on sqlite, named prepared statements on PostgreSQL.
const targets = await databaseTargets();
const implementations = targets.map((target) => ({ target, label: target.name, of: mockIdentityState }));
for (const target of targets) test.after.always(() => target.dispose());
for (const { target, label, of } of implementations) {
  let mock: MockIdentityRepository;
  test.before(async () => {
    mock = of(await target.migrated());
  });
  const name = (s: string) => `${label}: ${s}`;

  test(name('a sent OTP is recorded with its expiry, renewed by a resend and consumed once before it expires'), async (t) => {
    const key = uid();
    t.is(await mock.otpExpiry(key), null);
    await mock.putOtp(key, NOW + 100, NOW);
    await mock.putOtp(key, NOW + 500, NOW + 50);
    t.is(await mock.otpExpiry(key), NOW + 500);
    t.false(await mock.consumeOtp(key, NOW + 500), 'not at its expiry');
    t.true(await mock.consumeOtp(key, NOW + 499));
    t.false(await mock.consumeOtp(key, NOW + 499), 'single use');
    t.is(await mock.otpExpiry(key), null);
  });

  test(name('of 20 concurrent consumptions of one OTP exactly one succeeds'), async (t) => {
    const key = uid();
    await mock.putOtp(key, NOW + 100, NOW);
    const results = await Promise.all(Array.from({ length: 20 }, () => mock.consumeOtp(key, NOW)));
    t.is(results.filter(Boolean).length, 1);
  });

  test(name('a KYC token grant is readable until it expires or is revoked, idempotently'), async (t) => {
    const [a, b] = [uid(), uid()];
    await mock.putKycToken(a, { subjectId: 's-1', clientId: 'c-1', expiresAt: NOW + 100 }, NOW);
    await mock.putKycToken(b, { subjectId: 's-2', clientId: 'c-2', expiresAt: NOW + 100 }, NOW);
    t.deepEqual(await mock.kycToken(a, NOW + 99), { subjectId: 's-1', clientId: 'c-1', expiresAt: NOW + 100 });
    t.is(await mock.kycToken(a, NOW + 100), null, 'expired');
    await mock.deleteKycToken(b);
    await mock.deleteKycToken(b);
    t.is(await mock.kycToken(b, NOW), null, 'revoked');
    t.is(await mock.kycToken(uid(), NOW), null, 'unknown');
  });
}
