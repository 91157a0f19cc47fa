import { Code, ConnectError } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import { ErrorDetailSchema } from "../gen/signet/v1/error_pb.js";

/**
 * The one error catalogue (DESIGN.md lesson 3). Each protocol error code knows its gRPC
 * status; the description passed with it is safe to show to an end user. The gateway
 * maps the same codes to HTTP (RFC 6749 §5.2, RFC 6750 §3.1, OpenID4VCI §8.3.1).
 */
export const errorCatalogue = {
  // RFC 6749 §4.1.2.1 and §5.2
  invalid_request: Code.InvalidArgument,
  invalid_client: Code.Unauthenticated,
  invalid_grant: Code.InvalidArgument,
  unauthorized_client: Code.PermissionDenied,
  unsupported_grant_type: Code.InvalidArgument,
  unsupported_response_type: Code.InvalidArgument,
  invalid_scope: Code.InvalidArgument,
  access_denied: Code.PermissionDenied,
  server_error: Code.Internal,
  temporarily_unavailable: Code.Unavailable,
  // OIDC Core §3.1.2.6
  login_required: Code.FailedPrecondition,
  consent_required: Code.FailedPrecondition,
  request_not_supported: Code.InvalidArgument,
  request_uri_not_supported: Code.InvalidArgument,
  registration_not_supported: Code.InvalidArgument,
  // RFC 8707 §2
  invalid_target: Code.InvalidArgument,
  // RFC 6750 §3.1
  invalid_token: Code.Unauthenticated,
  insufficient_scope: Code.PermissionDenied,
  // OpenID4VCI 1.0 §8.3.1
  invalid_credential_request: Code.InvalidArgument,
  unknown_credential_configuration: Code.InvalidArgument,
  unknown_credential_identifier: Code.InvalidArgument,
  invalid_proof: Code.InvalidArgument,
  invalid_nonce: Code.InvalidArgument,
  credential_request_denied: Code.PermissionDenied,
  // OpenID4VCI draft 13 §7.3.1.2 (Inji wallets)
  unsupported_credential_format: Code.InvalidArgument,
  // RFC 9396 §5
  invalid_authorization_details: Code.InvalidArgument,
  // eSignet login-step codes (reference §4.1)
  invalid_transaction: Code.FailedPrecondition,
  auth_failed: Code.Unauthenticated,
  auth_factor_mismatch: Code.InvalidArgument,
  invalid_challenge: Code.InvalidArgument,
  invalid_identifier: Code.InvalidArgument,
  send_otp_failed: Code.FailedPrecondition,
  no_attempts_left: Code.ResourceExhausted,
  individual_id_blocked: Code.ResourceExhausted,
  too_early_attempt: Code.ResourceExhausted,
  invalid_accepted_claim: Code.InvalidArgument,
  invalid_permitted_scope: Code.InvalidArgument,
  biometric_verification_failed: Code.Unauthenticated,
  // Client registration (eSignet client-mgmt codes, reference §3.16; RFC 7591 §3.2.2)
  invalid_client_id: Code.InvalidArgument,
  invalid_client_name: Code.InvalidArgument,
  invalid_language_code: Code.InvalidArgument,
  invalid_client_name_value: Code.InvalidArgument,
  invalid_uri: Code.InvalidArgument,
  invalid_redirect_uri: Code.InvalidArgument,
  invalid_public_key: Code.InvalidArgument,
  invalid_claim: Code.InvalidArgument,
  invalid_acr: Code.InvalidArgument,
  invalid_client_auth: Code.InvalidArgument,
  invalid_client_metadata: Code.InvalidArgument,
  invalid_rp_id: Code.InvalidArgument,
  invalid_additional_config: Code.InvalidArgument,
  invalid_status: Code.InvalidArgument,
  duplicate_client_id: Code.AlreadyExists,
  duplicate_public_key: Code.AlreadyExists,
  // Administration
  invalid_argument: Code.InvalidArgument,
  already_exists: Code.AlreadyExists,
  not_found: Code.NotFound,
  unauthenticated: Code.Unauthenticated,
  permission_denied: Code.PermissionDenied,
  not_implemented: Code.Unimplemented,
} as const satisfies Record<string, Code>;

/** A protocol error code from the catalogue. */
export type ErrorCode = keyof typeof errorCatalogue;

/** Where a redirectable authorization error is sent (RFC 6749 §4.1.2.1, RFC 9207). */
export interface ErrorRedirect {
  readonly redirectUri: string;
  readonly state: string;
  readonly iss: string;
}

/** Optional parts of an error detail. */
export interface ErrorOptions {
  /** The request field at fault (proto field name). */
  readonly field?: string;
  /** Set only once the client and redirect URI are verified. */
  readonly redirect?: ErrorRedirect;
  readonly attemptsRemaining?: number;
  /** Seconds until a refusal that lifts by itself (throttling, lock, OTP window) does. */
  readonly retryAfterSeconds?: number;
  readonly cNonce?: { readonly value: string; readonly expiresIn: number };
  /** Overrides the catalogue's gRPC status (e.g. NOT_FOUND for an unknown client id in admin). */
  readonly status?: Code;
}

/**
 * Builds the ConnectError every RPC throws: the gRPC status from the catalogue and a
 * signet.v1.ErrorDetail carrying the protocol code and the safe description.
 */
export function signetError(error: ErrorCode, description: string, options: ErrorOptions = {}): ConnectError {
  const detail = create(ErrorDetailSchema, {
    error,
    errorDescription: description,
    field: options.field ?? "",
    redirectUri: options.redirect?.redirectUri ?? "",
    state: options.redirect?.state ?? "",
    iss: options.redirect?.iss ?? "",
    attemptsRemaining: options.attemptsRemaining,
    retryAfterSeconds: options.retryAfterSeconds,
    cNonce: options.cNonce?.value ?? "",
    cNonceExpiresIn: BigInt(options.cNonce?.expiresIn ?? 0),
  });
  const status = options.status ?? errorCatalogue[error];
  return new ConnectError(description, status, undefined, [{ desc: ErrorDetailSchema, value: detail }]);
}

/**
 * The answer of an RPC whose behaviour is not built yet: UNIMPLEMENTED, naming what is
 * missing, so nothing pretends to work.
 */
export function notImplemented(rpc: string, missing: string): ConnectError {
  return signetError("not_implemented", `${rpc} is not implemented yet: ${missing}`);
}
