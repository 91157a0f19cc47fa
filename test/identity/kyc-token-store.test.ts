/**
 * The mock identity system's KYC tokens: readable until they expire or are revoked, and expired
 * grants are forgotten as new ones are issued, from the oldest on — a prune costs what it
 * removes, not a scan of every outstanding token.
 */
import test from 'ava';
import { KycTokenStore } from '../../src/identity/mock/kyc-token-store.js';

const TTL = 60_000;

test('a token reads its grant until it expires or is revoked', (t) => {
  let now = 1_000_000;
  const store = new KycTokenStore(() => now, TTL);
  const a = store.issue('person-a', 'rp');
  const b = store.issue('person-b', 'rp');
  t.is(store.find(a)?.subjectId, 'person-a');
  store.revoke(b);
  t.is(store.find(b), undefined);
  now += TTL;
  t.is(store.find(a), undefined, 'expired at its expiry instant');
});

test('issuing forgets the expired grants and keeps the live ones', (t) => {
  let now = 1_000_000;
  const store = new KycTokenStore(() => now, TTL);
  const old = [store.issue('p1', 'rp'), store.issue('p2', 'rp')];
  now += TTL / 2;
  const live = store.issue('p3', 'rp');
  now += TTL / 2; // the first two expire now, the third in TTL / 2
  store.issue('p4', 'rp');
  t.is(store.size, 2, 'the two expired grants were dropped');
  for (const token of old) t.is(store.find(token), undefined);
  t.is(store.find(live)?.subjectId, 'p3');
});

test('a clock that steps back never makes an expired grant readable', (t) => {
  let now = 1_000_000;
  const store = new KycTokenStore(() => now, TTL);
  const first = store.issue('p1', 'rp');
  now -= 10 * TTL; // the next grant expires before the first one
  const early = store.issue('p2', 'rp');
  now += 10 * TTL;
  store.issue('p3', 'rp'); // the prune stops at `first`, which is still live
  t.is(store.find(early), undefined, 'refused by find though the prune stopped before it');
  t.is(store.find(first)?.subjectId, 'p1');
});
