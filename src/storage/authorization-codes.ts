import { fromJson } from './json.js';
import type { AuthorizationCodeRecord } from '../core/ports/storage/authorization-codes.js';

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
