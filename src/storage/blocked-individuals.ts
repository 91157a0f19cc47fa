import type { Database } from './db.js';
import type { BlockedIndividualsRepository } from '../core/ports/storage/blocked-individuals.js';

/** The knex implementation of {@link BlockedIndividualsRepository}. */
export function knexBlockedIndividuals(db: Database): BlockedIndividualsRepository {
  return {
    async block(individualHash, until) {
      await db('blocked_individuals')
        .insert({ individual_hash: individualHash, blocked_until: until })
        .onConflict('individual_hash')
        .merge();
    },
    async isBlocked(individualHash, now) {
      const row = await db('blocked_individuals')
        .where({ individual_hash: individualHash })
        .andWhere('blocked_until', '>', now)
        .first('individual_hash');
      return row !== undefined;
    },
  };
}
