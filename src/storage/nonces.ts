import type { Database } from './db.js';
import type { NoncesRepository } from '../core/ports/storage/nonces.js';

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
