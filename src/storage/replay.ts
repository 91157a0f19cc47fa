import type { Database } from './db.js';
import type { ReplayRepository } from '../core/ports/storage/replay.js';

/** The knex implementation of {@link ReplayRepository}. */
export function knexReplay(db: Database): ReplayRepository {
  return {
    async recordOnce(kind, valueHash, expiresAt, now) {
      // INSERT … ON CONFLICT DO UPDATE … WHERE old.expires_at <= now: the row count is 1 exactly when
      // the value was new or its old entry had expired; both dialects serialise conflicting upserts.
      const rows = (await db('replay_entries')
        .insert({ kind, value_hash: valueHash, expires_at: expiresAt })
        .onConflict(['kind', 'value_hash'])
        .merge(['expires_at'])
        .where('replay_entries.expires_at', '<=', now)
        .returning('kind')) as unknown[];
      return rows.length === 1;
    },
  };
}
