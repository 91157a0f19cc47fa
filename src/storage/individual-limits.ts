import type { StoredIndividualLimits } from '../core/ports/storage/individual-limits.js';
import { fromJson } from './json.js';

/** An `individual_limits` row. */
export interface LimitsRow {
  individual_hash: string; failures: number; in_flight: number; last_attempt_at: number;
  last_failure_at: number | null; locked_until: number | null; otp_sends: string;
  version: number; updated_at: number; expires_at: number;
}

/** One fewer in flight, never below zero (a stale count may have been reset meanwhile). */
export const DECREMENT_IN_FLIGHT = 'CASE WHEN in_flight > 0 THEN in_flight - 1 ELSE 0 END';

/** An `individual_limits` row as the port's record. */
export function limitsFromRow(r: LimitsRow): StoredIndividualLimits {
  return {
    failures: Number(r.failures), inFlight: Number(r.in_flight), lastAttemptAt: Number(r.last_attempt_at),
    lastFailureAt: r.last_failure_at === null ? null : Number(r.last_failure_at),
    lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
    otpSends: fromJson<number[]>(r.otp_sends), version: Number(r.version), expiresAt: Number(r.expires_at),
  };
}
