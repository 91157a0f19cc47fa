import test from 'ava';
import { randomAlphanumeric, randomToken, secureRandom } from '../../src/crypto/random.js';

test('pooled random values are distinct, of the asked length, and keep their bytes across refills of the pool', (t) => {
  const first = secureRandom(32);
  const kept = Buffer.from(first);
  const seen = new Set<string>();
  // 2000 × 32 bytes is more than 15 refills of the 4 KiB pool.
  for (let i = 0; i < 2000; i++) {
    const value = secureRandom(32);
    t.is(value.length, 32);
    seen.add(value.toString('hex'));
  }
  t.is(seen.size, 2000, 'no bytes handed out twice');
  t.false(seen.has(kept.toString('hex')));
  t.deepEqual(first, kept, 'an earlier value is not rewritten by a refill');
  t.is(secureRandom(10_000).length, 10_000, 'a request larger than the pool is served on its own');
});

test('tokens and alphanumeric strings have their lengths and alphabets', (t) => {
  const token = randomToken();
  t.regex(token, /^[A-Za-z0-9_-]{43}$/, '32 bytes base64url');
  t.regex(randomToken(16), /^[A-Za-z0-9_-]{22}$/);
  t.regex(randomAlphanumeric(40), /^[A-Za-z0-9]{40}$/);
  const counts = new Map<string, number>();
  for (const c of randomAlphanumeric(62_000)) counts.set(c, (counts.get(c) ?? 0) + 1);
  t.is(counts.size, 62, 'every character occurs');
  for (const n of counts.values()) t.true(n > 700 && n < 1300, `about 1000 each, got ${n}`);
});
