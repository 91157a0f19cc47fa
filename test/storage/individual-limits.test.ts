import { createStorage } from '../../src/storage/index.js';
import type { IndividualLimitState, Storage } from '../../src/storage/index.js';
import { databaseTargets } from '../helpers/databases.js';
import { uid } from './fixtures.js';

const NOW = 1_700_000_000_000;
const EMPTY: IndividualLimitState = { failures: 0, inFlight: 1, lastAttemptAt: NOW, lastFailureAt: null, lockedUntil: null, otpSends: [] };

const targets = await databaseTargets();
for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  let storage: Storage;
  test.before(async () => {
    storage = createStorage(await target.migrated());
  });
  test.after.always(() => target.dispose());
  const name = (s: string) => `${target.name}: ${s}`;

  test(name('compareAndSet inserts once and then updates only at the expected version'), async (t) => {
    const who = uid();
    t.true(await storage.individualLimits.compareAndSet(who, EMPTY, null, NOW + 10, NOW));
    t.false(await storage.individualLimits.compareAndSet(who, EMPTY, null, NOW + 10, NOW), 'a second insert loses');
    const stored = await storage.individualLimits.get(who);
    t.like(stored, { ...EMPTY, version: 1, expiresAt: NOW + 10 });
    t.true(await storage.individualLimits.compareAndSet(who, { ...EMPTY, otpSends: [NOW] }, 1, NOW + 20, NOW));
    t.false(await storage.individualLimits.compareAndSet(who, EMPTY, 1, NOW + 20, NOW), 'a stale version loses');
    t.deepEqual((await storage.individualLimits.get(who))?.otpSends, [NOW]);
  });

  test(name('of 20 concurrent compareAndSet calls with one expectation exactly one writes'), async (t) => {
    const who = uid();
    await storage.individualLimits.compareAndSet(who, EMPTY, null, NOW + 10, NOW);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      storage.individualLimits.compareAndSet(who, { ...EMPTY, inFlight: i + 2 }, 1, NOW + 10, NOW)));
    t.is(results.filter(Boolean).length, 1);
    t.is((await storage.individualLimits.get(who))?.version, 2);
  });

  test(name('failures settle atomically: 30 concurrent ones all count and the cap locks'), async (t) => {
    const who = uid();
    await storage.individualLimits.compareAndSet(who, { ...EMPTY, inFlight: 30 }, null, NOW + 10, NOW);
    await Promise.all(Array.from({ length: 30 }, () => storage.individualLimits.recordFailure(who, NOW + 5, { after: 25, until: NOW + 1000 }, NOW + 99)));
    t.like(await storage.individualLimits.get(who), { failures: 30, inFlight: 0, lastFailureAt: NOW + 5, lockedUntil: NOW + 1000, version: 31, expiresAt: NOW + 99 });
  });

  test(name('a success clears failures and lock; a release only frees the slot and never goes below zero'), async (t) => {
    const who = uid();
    await storage.individualLimits.compareAndSet(who, { ...EMPTY, inFlight: 2, failures: 4, lastFailureAt: NOW, lockedUntil: NOW + 50 }, null, NOW + 10, NOW);
    await storage.individualLimits.release(who, NOW);
    t.like(await storage.individualLimits.get(who), { inFlight: 1, failures: 4, lockedUntil: NOW + 50 });
    await storage.individualLimits.recordSuccess(who, NOW);
    t.like(await storage.individualLimits.get(who), { inFlight: 0, failures: 0, lastFailureAt: null, lockedUntil: null });
    await storage.individualLimits.release(who, NOW);
    t.is((await storage.individualLimits.get(who))?.inFlight, 0);
  });

  test(name('countLocked counts the individuals locked at that moment: not an expired lock, not one a success cleared'), async (t) => {
    // Later than every other test's rows, so their locks (which end before LATER) are not counted.
    const LATER = NOW + 1e9;
    t.is(await storage.individualLimits.countLocked(LATER), 0);
    const [a, b, expired] = [uid(), uid(), uid()];
    for (const [who, until] of [[a, LATER + 100], [b, LATER + 1], [expired, LATER]] as const) {
      await storage.individualLimits.compareAndSet(who, { ...EMPTY, failures: 5, lastFailureAt: LATER, lockedUntil: until }, null, LATER + 999, LATER);
    }
    t.is(await storage.individualLimits.countLocked(LATER), 2);
    await storage.individualLimits.recordSuccess(b, LATER);
    t.is(await storage.individualLimits.countLocked(LATER), 1);
    t.is(await storage.individualLimits.countLocked(LATER + 100), 0, 'a lock ends at its time');
  });

  test(name('clear returns what was stored and removes it'), async (t) => {
    const who = uid();
    t.is(await storage.individualLimits.clear(who), null);
    await storage.individualLimits.compareAndSet(who, { ...EMPTY, failures: 7, lastFailureAt: NOW }, null, NOW + 10, NOW);
    t.like(await storage.individualLimits.clear(who), { failures: 7 });
    t.is(await storage.individualLimits.get(who), null);
  });
}
