/**
 * KYC tokens of the mock identity system. The token is random (256 bits) and only its
 * SHA-256 is kept — in Signet's storage, with the person it reads, the client it was
 * issued to and its expiry — so a read of the store reveals no usable token, and any
 * Signet instance can read claims with it, also after a restart. Unlike eSignet's
 * single-use mock token, it stays readable until expiry or revocation, because the core
 * reads claims just in time (userinfo, credential issuance).
 */
import type { Clock } from '../../core/ports/clock.js';
import type { MockIdentityRepository, MockKycGrant } from '../../storage/mock-identity.js';
import { randomToken, sha256Hex } from './secrets.js';

/** What a KYC token grants. */
export type KycGrant = MockKycGrant;

/** Hashed KYC tokens, in storage. */
export class KycTokenStore {
  constructor(
    private readonly repo: MockIdentityRepository,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** Issues a token for the person and client; returns the raw token (shown once). */
  async issue(subjectId: string, clientId: string): Promise<string> {
    const token = randomToken();
    const now = this.clock();
    await this.repo.putKycToken(sha256Hex(token), { subjectId, clientId, expiresAt: now + this.ttlMs }, now);
    return token;
  }

  /** The live grant of a token, or undefined when unknown, expired or revoked. */
  async find(token: string): Promise<KycGrant | undefined> {
    return (await this.repo.kycToken(sha256Hex(token), this.clock())) ?? undefined;
  }

  /** Forgets a token; idempotent. */
  async revoke(token: string): Promise<void> {
    await this.repo.deleteKycToken(sha256Hex(token));
  }
}
