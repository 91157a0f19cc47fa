/**
 * Errors an identity system reports, with eSignet's codes (eSignet `ErrorConstants`,
 * mock identity system `MockIdentityException`, reference esignet.md §6.5). The
 * message is safe to show to the end user; internal detail is never put in it.
 */
export const IdentityErrorCode = {
  /** A factor did not verify (wrong OTP, PIN or biometric). */
  AuthFailed: 'auth_failed',
  /** OTP presented without a prior `sendOtp` for the same transaction and individual. */
  InvalidTransaction: 'invalid_transaction',
  /** No such individual. eSignet reveals this too (`invalid_individual_id`). */
  InvalidIndividualId: 'invalid_individual_id',
  /** A requested OTP channel is not supported. */
  InvalidOtpChannel: 'invalid_otp_channel',
  /** The OTP could not be sent (e.g. the person has none of the requested channels). */
  SendOtpFailed: 'send_otp_failed',
  /** No challenge, or a malformed one. */
  InvalidChallenge: 'invalid_challenge',
  /** The KYC token is unknown, expired, revoked or for another client. */
  KycExchangeFailed: 'kyc_exchange_failed',
} as const;

/** One of {@link IdentityErrorCode}'s values. */
export type IdentityErrorCode = (typeof IdentityErrorCode)[keyof typeof IdentityErrorCode];

/** A typed, expected identity-system failure. `message` is safe to show to the user. */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';

  constructor(
    /** The eSignet error code. */
    readonly code: IdentityErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** True when `value` is an {@link IdentityError}, optionally with the given code. */
export function isIdentityError(value: unknown, code?: IdentityErrorCode): value is IdentityError {
  return value instanceof IdentityError && (code === undefined || value.code === code);
}

/** Why an identity-system call produced no usable answer (for logs and metrics only). */
export type UnavailableReason = 'unavailable' | 'deadline_exceeded' | 'contract_violation' | 'error_status';

/**
 * The identity system could not answer: it is down or unreachable, it took longer than
 * its deadline, it failed on its side, or it answered outside the contract (garbage, a
 * status without a listed error code, a response missing its fields).
 *
 * This is a **server-side failure: it never counts as a login attempt** of the person.
 * Attempt counting (SendOtp, Authenticate) must give back an attempt it took for a call
 * that ends in this error, and must never block an individual because of it. It becomes
 * `temporarily_unavailable` (gRPC UNAVAILABLE, HTTP 503). `message` is for logs only
 * (never shown, never carrying personal data).
 */
export class IdentitySystemUnavailableError extends Error {
  override readonly name = 'IdentitySystemUnavailableError';
  /** Always false: see the class comment. Read by attempt counting. */
  readonly countsAsAttempt = false;

  constructor(
    /** The RPC or port method that failed (e.g. `KycAuth`). */
    readonly operation: string,
    readonly reason: UnavailableReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation}: ${message}`, options);
  }
}

/** True when `value` is a server-side identity-system failure (never charged to the person). */
export function isIdentitySystemUnavailable(value: unknown): value is IdentitySystemUnavailableError {
  return value instanceof IdentitySystemUnavailableError;
}
