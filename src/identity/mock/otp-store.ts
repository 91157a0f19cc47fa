/**
 * Sent-OTP records of the mock identity system: an OTP is valid only after `sendOtp`
 * for the same (transactionId, individualId), until it expires, and once (eSignet
 * mock `trnHash`, reference esignet.md §6.5). Keys are hashes; the OTP value itself
 * is a fixed development constant and is not stored.
 */
import type { Clock } from '../../core/ports/clock.js';
import { tupleKey } from './secrets.js';

/** Outcome of looking up a sent OTP. */
export type OtpLookup = 'valid' | 'not_sent' | 'expired';

/** In-memory store of sent OTPs. */
export class OtpStore {
  readonly #expiries = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** Records a send; a resend restarts the validity window. */
  sent(transactionId: string, individualId: string): void {
    this.#prune();
    const key = tupleKey(transactionId, individualId);
    this.#expiries.delete(key); // a resend moves to the end: insertion order stays expiry order
    this.#expiries.set(key, this.clock() + this.ttlMs);
  }

  /** Whether an OTP is outstanding for the pair. An expired record is dropped. */
  lookup(transactionId: string, individualId: string): OtpLookup {
    const key = tupleKey(transactionId, individualId);
    const expiresAt = this.#expiries.get(key);
    if (expiresAt === undefined) return 'not_sent';
    if (this.clock() >= expiresAt) {
      this.#expiries.delete(key);
      return 'expired';
    }
    return 'valid';
  }

  /** Consumes the OTP after a successful authentication (single use). */
  consume(transactionId: string, individualId: string): void {
    this.#expiries.delete(tupleKey(transactionId, individualId));
  }

  /** Drops expired records from the oldest on, stopping at the first live one (insertion order is expiry order). */
  #prune(): void {
    const now = this.clock();
    for (const [key, expiresAt] of this.#expiries) {
      if (now < expiresAt) break;
      this.#expiries.delete(key);
    }
  }
}
