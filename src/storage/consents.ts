import { fromJson } from './json.js';
import type { ConsentRecord } from '../core/ports/storage/consents.js';

/** A `consents` row as the port's record. */
export function consentFromRow(row: ConsentRow): ConsentRecord {
  return {
    clientId: row.client_id, subject: row.subject, claims: fromJson(row.claims), scopes: fromJson(row.scopes),
    requestHash: row.request_hash, createdAt: row.created_at, expiresAt: row.expires_at,
  };
}

/** A `consents` row. */
export interface ConsentRow {
  client_id: string; subject: string; claims: string; scopes: string; request_hash: string;
  created_at: number; expires_at: number | null;
}
