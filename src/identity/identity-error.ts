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
