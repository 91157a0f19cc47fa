import type { Database } from './db.js';
import { fromJson, toJson } from './json.js';
import type { IssuedTokenRecord, IssuedTokensRepository } from '../core/ports/storage/issued-tokens.js';

/** The knex implementation of {@link IssuedTokensRepository}. */
export function knexIssuedTokens(db: Database): IssuedTokensRepository {
  const table = () => db('issued_tokens');
  return {
    async insert(token, now) {
      await table().insert({
        token_hash: token.tokenHash, code_hash: token.codeHash, client_id: token.clientId, subject: token.subject,
        kind: token.kind, data: toJson(token.data), created_at: now, expires_at: token.expiresAt, revoked_at: null,
      });
    },
    async get<D>(tokenHash: string, now: number) {
      const row = (await table().where({ token_hash: tokenHash }).first()) as TokenRow | undefined;
      if (!row) return null;
      const status = row.revoked_at !== null ? 'revoked' : row.expires_at <= now ? 'expired' : 'active';
      return { token: tokenFromRow<D>(row), status } as const;
    },
    async revoke(tokenHash, now) {
      return (await table().where({ token_hash: tokenHash }).whereNull('revoked_at').update({ revoked_at: now })) === 1;
    },
    async revokeTokensOfCode(codeHash, now) {
      return table().where({ code_hash: codeHash }).whereNull('revoked_at').update({ revoked_at: now });
    },
  };
}

/** An `issued_tokens` row. */
export interface TokenRow {
  token_hash: string; code_hash: string | null; client_id: string; subject: string; kind: 'access';
  data: string; created_at: number; expires_at: number; revoked_at: number | null;
}

/** An `issued_tokens` row as the port's record. */
export function tokenFromRow<D>(r: TokenRow): IssuedTokenRecord<D> {
  return {
    tokenHash: r.token_hash, codeHash: r.code_hash, clientId: r.client_id, subject: r.subject, kind: r.kind,
    data: fromJson<D>(r.data), createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at,
  };
}
