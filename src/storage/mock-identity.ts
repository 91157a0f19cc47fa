import type { Database } from './db.js';
import { isPostgres } from './db.js';
import { sqliteMockIdentity } from './sqlite/mock-identity.js';
import { sqliteOn } from './sqlite/storage.js';

/** What a KYC token of the mock identity system grants. */
export interface MockKycGrant {
  readonly subjectId: string;
  readonly clientId: string;
  readonly expiresAt: number;
}

/**
 * The mock identity system's state port: sent OTPs and KYC tokens, by hash. Kept in
 * Signet's storage (not process memory) so every instance and every restart sees it.
 */
export interface MockIdentityRepository {
  /** Records an OTP send for the hashed (transaction, individual) key; a resend restarts its expiry. */
  putOtp(keyHash: string, expiresAt: number, now: number): Promise<void>;
  /** The expiry of an outstanding OTP send, expired or not, or null when none was sent. */
  otpExpiry(keyHash: string): Promise<number | null>;
  /** Consumes a live OTP with one conditional DELETE: true for exactly one caller, and only before expiry. */
  consumeOtp(keyHash: string, now: number): Promise<boolean>;
  /** Forgets an OTP send (expired ones, so a retry needs a new send). */
  deleteOtp(keyHash: string): Promise<void>;
  /** Stores the grant of a new KYC token under its hash. */
  putKycToken(tokenHash: string, grant: MockKycGrant, now: number): Promise<void>;
  /** The grant of a live token, or null when unknown, revoked or expired at `now`. */
  kycToken(tokenHash: string, now: number): Promise<MockKycGrant | null>;
  /** Revokes a token; idempotent. */
  deleteKycToken(tokenHash: string): Promise<void>;
}

/** The knex implementation of {@link MockIdentityRepository}. */
export function knexMockIdentity(db: Database): MockIdentityRepository {
  const otps = () => db('mock_identity_otps');
  const tokens = () => db('mock_identity_kyc_tokens');
  return {
    async putOtp(keyHash, expiresAt, now) {
      await otps().insert({ key_hash: keyHash, created_at: now, expires_at: expiresAt }).onConflict('key_hash').merge();
    },
    async otpExpiry(keyHash) {
      const row = (await otps().where({ key_hash: keyHash }).first('expires_at')) as { expires_at: number } | undefined;
      return row ? Number(row.expires_at) : null;
    },
    async consumeOtp(keyHash, now) {
      return (await otps().where({ key_hash: keyHash }).andWhere('expires_at', '>', now).del()) === 1;
    },
    async deleteOtp(keyHash) {
      await otps().where({ key_hash: keyHash }).del();
    },
    async putKycToken(tokenHash, grant, now) {
      await tokens().insert({
        token_hash: tokenHash, subject_id: grant.subjectId, client_id: grant.clientId, created_at: now, expires_at: grant.expiresAt,
      });
    },
    async kycToken(tokenHash, now) {
      const row = (await tokens().where({ token_hash: tokenHash }).andWhere('expires_at', '>', now).first()) as
        | { subject_id: string; client_id: string; expires_at: number }
        | undefined;
      return row ? { subjectId: row.subject_id, clientId: row.client_id, expiresAt: Number(row.expires_at) } : null;
    },
    async deleteKycToken(tokenHash) {
      await tokens().where({ token_hash: tokenHash }).del();
    },
  };
}

/** The mock's state on `db`: prepared statements on sqlite's leased connection, knex on PostgreSQL. */
export function mockIdentityState(db: Database): MockIdentityRepository {
  return isPostgres(db) ? knexMockIdentity(db) : sqliteMockIdentity(sqliteOn(db));
}
