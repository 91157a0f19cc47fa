import { isIdentityError, isIdentitySystemUnavailable } from "../../identity/identity-error.js";
import { signetError, type ErrorCode } from "../errors/index.js";

/** Maps the identity system's errors (eSignet plugin codes) to Signet's catalogue. */
const mapping: Record<string, { error: ErrorCode; text: string; field?: string }> = {
  auth_failed: { error: "auth_failed", text: "authentication failed: the code or PIN is wrong" },
  invalid_transaction: { error: "auth_failed", text: "request a one-time password first" },
  invalid_individual_id: { error: "invalid_identifier", text: "individual_id: not recognised", field: "individual_id" },
  invalid_otp_channel: { error: "invalid_request", text: "otp_channels: unsupported channel", field: "otp_channels" },
  send_otp_failed: { error: "send_otp_failed", text: "the one-time password could not be sent" },
  invalid_challenge: { error: "invalid_challenge", text: "challenges: malformed challenge", field: "challenges" },
  kyc_exchange_failed: { error: "invalid_token", text: "the identity data is no longer available for this token" },
};

/** What a resident reads when the identity system cannot answer. */
export const IDENTITY_UNAVAILABLE_TEXT = "the identity system is not answering right now; try again in a moment";

/**
 * Rethrows an identity-system failure as a Signet error; other failures pass through. A
 * server-side failure (IdentitySystemUnavailableError) becomes `temporarily_unavailable`
 * (UNAVAILABLE, HTTP 503) without attempts: callers that counted an attempt refund it
 * first (`refundAttempt`). The adapter has logged its cause.
 */
export function fromIdentityError(err: unknown, attemptsRemaining?: number): never {
  if (isIdentitySystemUnavailable(err)) throw signetError("temporarily_unavailable", IDENTITY_UNAVAILABLE_TEXT);
  if (isIdentityError(err)) {
    const m = mapping[err.code] ?? { error: "server_error" as const, text: "identity system error" };
    throw signetError(m.error, m.text, { field: m.field, attemptsRemaining });
  }
  throw err;
}
