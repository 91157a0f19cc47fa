/**
 * The guessing limits per individual, as pure functions of the stored state and the time
 * (NIST SP 800-63B §5.2.2: rate-limit failed attempts, at most 100 consecutive, throttle rather
 * than only lock). They hold across transactions, factors, transports and instances because
 * the state lives in shared storage under the individual's keyed hash.
 */
import type { IndividualLimitState } from "../ports/storage/index.js";

/** The configured limits (config `login.*`). */
export interface GuessLimits {
  /** Consecutive failures that cost no wait; from this many on, every attempt waits. */
  readonly throttleAfterFailures: number;
  /** The first wait; it doubles with each further failure. */
  readonly throttleBaseSeconds: number;
  /** The longest wait between two attempts. */
  readonly throttleMaxSeconds: number;
  /** Consecutive failures that lock the individual (the hard cap). */
  readonly lockAfterFailures: number;
  readonly lockSeconds: number;
  /** How long failures are remembered after the latest one. */
  readonly failureMemorySeconds: number;
  readonly otpSendsPerWindow: number;
  readonly otpSendWindowSeconds: number;
  readonly otpSendsPerDay: number;
}

/**
 * While fewer than `throttleAfterFailures` failures are recorded, this many attempts may be
 * checked at once, so a resident's parallel logins (several tabs, several applications) are
 * never refused. From the threshold on, one attempt at a time: a burst of parallel guesses
 * cannot skip the delays (at most this many guesses land before the first delay applies).
 */
export const MAX_PARALLEL_ATTEMPTS = 10;

/** An attempt unsettled for this long is taken as lost (its process died); no RPC runs this long. */
export const IN_FLIGHT_STALE_MS = 120_000;

/** The long OTP window: sends are counted over the last 24 hours. */
export const OTP_DAY_MS = 86_400_000;

/** What the answer says to wait when another attempt of the individual is being checked. */
export const BUSY_RETRY_MS = 1000;

/** An empty record: what an individual nothing is known about has. */
export const NO_HISTORY: IndividualLimitState = {
  failures: 0, inFlight: 0, lastAttemptAt: 0, lastFailureAt: null, lockedUntil: null, otpSends: [],
};

/** Why an attempt or a send was refused. */
export type RefusalReason = "locked" | "throttled" | "busy" | "otp_window" | "otp_day";

export interface Refusal {
  readonly reason: RefusalReason;
  /** Milliseconds until the same call may be admitted (for "busy": a short pause). */
  readonly retryAfterMs: number;
}

/** Admitted with the state to store, or refused. */
export type Decision = { readonly ok: true; readonly next: IndividualLimitState } | { readonly ok: false; readonly refusal: Refusal };

const refuse = (reason: RefusalReason, retryAfterMs: number): Decision => ({ ok: false, refusal: { reason, retryAfterMs } });

/** The wait after the latest failure when `failures` are recorded: 0 below the threshold, then base·2ⁿ up to the maximum. */
export function throttleDelayMs(failures: number, limits: GuessLimits): number {
  if (failures < limits.throttleAfterFailures) return 0;
  const doublings = Math.min(failures - limits.throttleAfterFailures, 40);
  return Math.min(limits.throttleBaseSeconds * 2 ** doublings, limits.throttleMaxSeconds) * 1000;
}

/** True while a lock is in force. */
export function isLocked(state: IndividualLimitState, now: number): boolean {
  return state.lockedUntil !== null && state.lockedUntil > now;
}

/** The failures still remembered at `now`: forgotten `failureMemorySeconds` after the latest, never during a lock. */
export function rememberedFailures(state: IndividualLimitState, now: number, limits: GuessLimits): number {
  if (isLocked(state, now)) return state.failures;
  if (state.lastFailureAt === null || now - state.lastFailureAt >= limits.failureMemorySeconds * 1000) return 0;
  return state.failures;
}

/** Attempts still being checked; a count no attempt was admitted to for {@link IN_FLIGHT_STALE_MS} is stale. */
export function inFlightAt(state: IndividualLimitState, now: number): number {
  return now - state.lastAttemptAt >= IN_FLIGHT_STALE_MS ? 0 : state.inFlight;
}

/**
 * Admits one Authenticate attempt for the individual, or refuses it: locked until the lock
 * ends; below the threshold up to {@link MAX_PARALLEL_ATTEMPTS} at once; from the threshold on
 * one at a time and only once the delay since the latest failure has passed. The admitted
 * attempt counts as in flight until it is settled (success, failure, or not charged).
 */
export function admitAttempt(state: IndividualLimitState, now: number, limits: GuessLimits): Decision {
  if (isLocked(state, now)) return refuse("locked", state.lockedUntil! - now);
  const failures = rememberedFailures(state, now, limits);
  const inFlight = inFlightAt(state, now);
  if (failures >= limits.throttleAfterFailures) {
    const wait = (state.lastFailureAt ?? 0) + throttleDelayMs(failures, limits) - now;
    if (wait > 0) return refuse("throttled", wait);
    if (inFlight > 0) return refuse("busy", BUSY_RETRY_MS);
  } else if (inFlight >= MAX_PARALLEL_ATTEMPTS) {
    return refuse("busy", BUSY_RETRY_MS);
  }
  return {
    ok: true,
    next: Object.assign({}, state, { failures, inFlight: inFlight + 1, lastAttemptAt: now, lastFailureAt: failures === 0 ? null : state.lastFailureAt }),
  };
}

/**
 * Admits one OTP send for the individual, or refuses it: never while locked, at most
 * `otpSendsPerWindow` in the sliding short window and `otpSendsPerDay` in the last 24 hours.
 * The send is recorded on admission; a send the server failed is given back with {@link refundOtpSend}.
 */
export function admitOtpSend(state: IndividualLimitState, now: number, limits: GuessLimits): Decision {
  if (isLocked(state, now)) return refuse("locked", state.lockedUntil! - now);
  const day = state.otpSends.filter((t) => now - t < OTP_DAY_MS && t <= now);
  const windowMs = limits.otpSendWindowSeconds * 1000;
  const recent = day.filter((t) => now - t < windowMs);
  // The send that must leave the window before one more fits: index length − max of the sorted list.
  if (recent.length >= limits.otpSendsPerWindow) return refuse("otp_window", recent[recent.length - limits.otpSendsPerWindow]! + windowMs - now);
  if (day.length >= limits.otpSendsPerDay) return refuse("otp_day", day[day.length - limits.otpSendsPerDay]! + OTP_DAY_MS - now);
  return { ok: true, next: Object.assign({}, state, { otpSends: [...day, now] }) };
}

/** Gives back the send recorded at `sentAt` (the identity system could not be reached). */
export function refundOtpSend(state: IndividualLimitState, sentAt: number): Decision {
  const index = state.otpSends.lastIndexOf(sentAt);
  if (index < 0) return refuse("busy", 0);
  return { ok: true, next: Object.assign({}, state, { otpSends: state.otpSends.filter((_, i) => i !== index) }) };
}

/** How long a row must be kept after a write at `now`: as long as anything in it can still matter. */
export function retentionMs(limits: GuessLimits): number {
  return Math.max(limits.failureMemorySeconds * 1000, limits.lockSeconds * 1000, OTP_DAY_MS, IN_FLIGHT_STALE_MS);
}

/**
 * What settling an admitted attempt as failed stores (the storage does it in one atomic UPDATE,
 * `IndividualLimitsRepository.recordFailure`): one more failure, one fewer in flight, and a lock
 * from the hard cap on, renewed by every failure past it.
 */
export function afterFailure(state: IndividualLimitState, now: number, limits: GuessLimits): IndividualLimitState {
  const failures = state.failures + 1;
  return Object.assign({}, state, {
    failures,
    inFlight: Math.max(state.inFlight - 1, 0),
    lastFailureAt: now,
    lockedUntil: failures >= limits.lockAfterFailures ? now + limits.lockSeconds * 1000 : state.lockedUntil,
  });
}
