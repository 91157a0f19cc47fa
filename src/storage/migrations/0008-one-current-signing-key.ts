import type { Migration } from './migration.js';

/**
 * At most one current (not superseded) signing key per purpose and algorithm, enforced by the
 * database: two instances generating first keys at once can no longer both succeed (the loser
 * adopts the winner's key), and two rotations at once cannot leave two current keys.
 *
 * Databases that already hold such a pair (the race this closes) keep the key every instance
 * already signs with — the newest activation, then the newest creation, then the greatest kid —
 * and supersede the others now, keeping them published for 400 days: longer than any token or
 * credential (one year by default) they may have signed.
 */
export const oneCurrentSigningKey: Migration = {
  name: '0008-one-current-signing-key',
  async up(db) {
    const now = Date.now();
    const current = (await db('signing_keys').whereNull('superseded_at').select('kid', 'purpose', 'alg', 'activate_at', 'created_at')) as {
      kid: string; purpose: string; alg: string; activate_at: number | string; created_at: number | string;
    }[];
    const keep = new Map<string, (typeof current)[number]>();
    const newer = (x: (typeof current)[number], y: (typeof current)[number]) =>
      Number(x.activate_at) - Number(y.activate_at) || Number(x.created_at) - Number(y.created_at) || (x.kid > y.kid ? 1 : -1);
    for (const k of current) {
      const group = `${k.purpose}/${k.alg}`;
      const kept = keep.get(group);
      if (!kept || newer(k, kept) > 0) keep.set(group, k);
    }
    const kept = new Set([...keep.values()].map((k) => k.kid));
    const extra = current.filter((k) => !kept.has(k.kid)).map((k) => k.kid);
    if (extra.length > 0) {
      await db('signing_keys').whereIn('kid', extra).update({ superseded_at: now, retire_at: now + 400 * 86_400_000 });
    }
    await db.raw('CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys (purpose, alg) WHERE superseded_at IS NULL');
  },
  async down(db) {
    await db.raw('DROP INDEX signing_keys_one_current');
  },
};
