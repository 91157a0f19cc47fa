import { fromJson } from './json.js';
import type { IssuedTokenRecord } from '../core/ports/storage/issued-tokens.js';

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
