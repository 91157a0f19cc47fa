import type { SigningKeyRecord } from '../core/ports/storage/signing-keys.js';

/** Where a key is in its life: published before use, signing, still published for verification, gone. */
export type KeyState = 'PENDING' | 'ACTIVE' | 'PREVIOUS' | 'RETIRED';

/** The schedule fields a state is computed from. */
export type KeySchedule = Pick<SigningKeyRecord, 'activateAt' | 'supersededAt' | 'retireAt'>;

/**
 * A key's state at `now`. Superseded wins over pending: a key replaced before it ever activated
 * (two quick rotations) will never sign, so it is only kept published until it retires.
 */
export function keyState(key: KeySchedule, now: number): KeyState {
  if (key.retireAt !== null && now >= key.retireAt) return 'RETIRED';
  if (key.supersededAt !== null && now >= key.supersededAt) return 'PREVIOUS';
  if (now < key.activateAt) return 'PENDING';
  return 'ACTIVE';
}

/** States whose keys appear in the JWKS, so verifiers learn keys before they sign and keep them after. */
export const publishedStates: ReadonlySet<KeyState> = new Set(['PENDING', 'ACTIVE', 'PREVIOUS']);

/** The key that signs at `now`: the newest-activated ACTIVE one (ties broken by creation, then kid). */
export function activeKey<K extends KeySchedule & Pick<SigningKeyRecord, 'createdAt' | 'kid'>>(
  keys: readonly K[],
  now: number,
): K | undefined {
  return keys
    .filter((k) => keyState(k, now) === 'ACTIVE')
    .sort((a, b) => b.activateAt - a.activateAt || b.createdAt - a.createdAt || (a.kid < b.kid ? 1 : -1))[0];
}
