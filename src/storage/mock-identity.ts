import type { Database } from './db.js';
import { isPostgres } from './db.js';
import { sqliteMockIdentity } from './sqlite/mock-identity.js';
import { sqliteOn } from './sqlite/storage.js';
import { pgMockIdentity } from './pg/mock-identity.js';
import { pgSession } from './pg/session.js';

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

/** The mock's state on `db`: prepared statements on sqlite's leased connection, named ones on PostgreSQL's pool. */
export function mockIdentityState(db: Database): MockIdentityRepository {
  return isPostgres(db) ? pgMockIdentity(pgSession(db).query) : sqliteMockIdentity(sqliteOn(db));
}
