import type { Database } from './db.js';

/** What a replay entry guards: client-assertion jtis, authorize nonces, DPoP proof jtis. */
export type ReplayKind = 'assertion_jti' | 'authorize_nonce' | 'dpop_jti' | (string & {});

/** The replay port: remembers values seen from outside until they could no longer be accepted anyway. */
export interface ReplayRepository {
  /**
   * Records (kind, valueHash) until `expiresAt`. True the first time; false while a live entry exists.
   * One statement, so of N racing callers exactly one gets true; an expired entry is replaced in place.
   */
  recordOnce(kind: ReplayKind, valueHash: string, expiresAt: number, now: number): Promise<boolean>;
}

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
