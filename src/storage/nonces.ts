import type { Database } from './db.js';

/** Kinds of server-issued single-use nonces. */
export type NonceKind = 'c_nonce';

/** The nonces port: nonces this server hands out (OpenID4VCI `c_nonce`) and accepts once. */
export interface NoncesRepository {
  issue(nonceHash: string, expiresAt: number, now: number, kind?: NonceKind): Promise<void>;
  /** Marks the nonce used with one conditional UPDATE: true once, and only before it expires. */
  consume(nonceHash: string, now: number): Promise<boolean>;
}

/** The knex implementation of {@link NoncesRepository}. */
export function knexNonces(db: Database): NoncesRepository {
  return {
    async issue(nonceHash, expiresAt, now, kind = 'c_nonce') {
      await db('nonces').insert({ nonce_hash: nonceHash, kind, created_at: now, expires_at: expiresAt, consumed_at: null });
    },
    async consume(nonceHash, now) {
      const changed = await db('nonces')
        .where({ nonce_hash: nonceHash })
        .whereNull('consumed_at')
        .andWhere('expires_at', '>', now)
        .update({ consumed_at: now });
      return changed === 1;
    },
  };
}
