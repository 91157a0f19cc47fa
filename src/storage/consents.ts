import type { Database } from './db.js';
import { fromJson, toJson } from './json.js';
import type { ConsentRecord, ConsentsRepository } from '../core/ports/storage/consents.js';

/** The knex implementation of {@link ConsentsRepository}. */
export function knexConsents(db: Database): ConsentsRepository {
  const table = () => db('consents');
  return {
    async upsert(c) {
      await table()
        .insert({
          client_id: c.clientId, subject: c.subject, claims: toJson(c.claims), scopes: toJson(c.scopes),
          request_hash: c.requestHash, created_at: c.createdAt, expires_at: c.expiresAt,
        })
        .onConflict(['client_id', 'subject'])
        .merge();
    },
    async get(clientId, subject, now) {
      const row = (await table()
        .where({ client_id: clientId, subject })
        .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', now))
        .first()) as ConsentRow | undefined;
      return row ? consentFromRow(row) : null;
    },
    async delete(clientId, subject) {
      return (await table().where({ client_id: clientId, subject }).delete()) === 1;
    },
  };
}

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
