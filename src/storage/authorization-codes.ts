import type { Database } from './db.js';
import { fromJson, toJson } from './json.js';
import type {
  AuthorizationCodeRecord, AuthorizationCodesRepository, ConsumeCodeResult,
} from '../core/ports/storage/authorization-codes.js';

/** The knex implementation of {@link AuthorizationCodesRepository}. */
export function knexAuthorizationCodes(db: Database): AuthorizationCodesRepository {
  const table = () => db('authorization_codes');
  return {
    async insert(code, now) {
      await table().insert({
        code_hash: code.codeHash, transaction_id: code.transactionId, client_id: code.clientId,
        redirect_uri: code.redirectUri, code_challenge: code.codeChallenge, nonce: code.nonce,
        subject: code.subject, data: toJson(code.data), created_at: now, expires_at: code.expiresAt, consumed_at: null,
      });
    },
    async consume<D>(codeHash: string, now: number): Promise<ConsumeCodeResult<D>> {
      // RETURNING gives the row exactly as this UPDATE left it (PostgreSQL and sqlite ≥ 3.35).
      const rows = (await table()
        .where({ code_hash: codeHash })
        .whereNull('consumed_at')
        .andWhere('expires_at', '>', now)
        .update({ consumed_at: now }, '*')) as CodeRow[];
      const row = rows[0];
      if (rows.length === 1 && row) return { ok: true, code: codeFromRow<D>(row) };
      // Lost: find out why, for the caller's error and its revoke-on-reuse decision.
      const existing = (await table().where({ code_hash: codeHash }).first()) as CodeRow | undefined;
      if (!existing) return { ok: false, reason: 'unknown' };
      return { ok: false, reason: existing.consumed_at !== null ? 'already_consumed' : 'expired' };
    },
  };
}

/** An `authorization_codes` row. */
export interface CodeRow {
  code_hash: string; transaction_id: string; client_id: string; redirect_uri: string; code_challenge: string;
  nonce: string | null; subject: string; data: string; created_at: number; expires_at: number; consumed_at: number | null;
}

/** An `authorization_codes` row as the port's record. */
export function codeFromRow<D>(r: CodeRow): AuthorizationCodeRecord<D> {
  return {
    codeHash: r.code_hash, transactionId: r.transaction_id, clientId: r.client_id, redirectUri: r.redirect_uri,
    codeChallenge: r.code_challenge, nonce: r.nonce, subject: r.subject, data: fromJson<D>(r.data),
    createdAt: r.created_at, expiresAt: r.expires_at, consumedAt: r.consumed_at,
  };
}
