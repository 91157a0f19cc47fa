/**
 * Sent-OTP records of the mock identity system: an OTP is valid only after `sendOtp`
 * for the same (transactionId, individualId), until it expires, and once (eSignet
 * mock `trnHash`, reference esignet.md §6.5). The records live in Signet's storage under
 * a hash of the pair, so every instance and restart sees them; the OTP value itself is a
 * fixed development constant and is not stored.
 */
import type { Clock } from '../../core/ports/clock.js';
import type { MockIdentityRepository } from '../../storage/mock-identity.js';
import { tupleKey } from './secrets.js';

/** Outcome of looking up a sent OTP. */
export type OtpLookup = 'valid' | 'not_sent' | 'expired';

/** Sent OTPs, in storage. */
export class OtpStore {
  constructor(
    private readonly repo: MockIdentityRepository,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** Records a send; a resend restarts the validity window. */
  async sent(transactionId: string, individualId: string): Promise<void> {
    const now = this.clock();
    await this.repo.putOtp(tupleKey(transactionId, individualId), now + this.ttlMs, now);
  }

  /** Whether an OTP is outstanding for the pair. An expired record is dropped. */
  async lookup(transactionId: string, individualId: string): Promise<OtpLookup> {
    const key = tupleKey(transactionId, individualId);
    const expiresAt = await this.repo.otpExpiry(key);
    if (expiresAt === null) return 'not_sent';
    if (this.clock() >= expiresAt) {
      await this.repo.deleteOtp(key);
      return 'expired';
    }
    return 'valid';
  }

  /**
   * Consumes the OTP after a successful verification (single use): one conditional
   * DELETE, so of concurrent correct submissions exactly one gets true.
   */
  consume(transactionId: string, individualId: string): Promise<boolean> {
    return this.repo.consumeOtp(tupleKey(transactionId, individualId), this.clock());
  }
}
