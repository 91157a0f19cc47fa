import { Code } from "@connectrpc/connect";

/** What the catalogue knows of one error code. */
export interface ErrorKind {
  /** The gRPC status a call failing with this code ends with. */
  readonly grpc: Code;
  /**
   * The HTTP status of this error as an HTTP API answer (RFC 6749 §5.2: 400, `invalid_client`
   * 401; RFC 6750 §3.1: 401 and 403; OpenID4VCI 1.0 §8.3.1: 400). Sent to the gateway in
   * `ErrorDetail.http_status`; a browser page never answers 401, which would need a challenge.
   */
  readonly http: number;
  /**
   * Whether the resident can put it right on the login page — re-enter a code, fill in a blank
   * id, capture again — so the page offers another try instead of ending the login. Sent in
   * `ErrorDetail.user_fixable`.
   */
  readonly userFixable: boolean;
}

const kind = (grpc: Code, http = 400, userFixable = false): ErrorKind => ({ grpc, http, userFixable });
const fixable = (grpc: Code): ErrorKind => kind(grpc, 400, true);

/**
 * The one error catalogue: every code a Signet RPC can fail with, and per code its gRPC status,
 * HTTP status and whether the resident can fix it. docs/errors.md lists it for maintainers and
 * integrators; a test keeps the two in step.
 */
export const errorCatalogue = {
  // RFC 6749 §4.1.2.1 and §5.2
  invalid_request: kind(Code.InvalidArgument),
  invalid_client: kind(Code.Unauthenticated, 401),
  invalid_grant: kind(Code.InvalidArgument),
  unauthorized_client: kind(Code.PermissionDenied),
  unsupported_grant_type: kind(Code.InvalidArgument),
  unsupported_response_type: kind(Code.InvalidArgument),
  invalid_scope: kind(Code.InvalidArgument),
  access_denied: kind(Code.PermissionDenied),
  server_error: kind(Code.Internal, 500),
  temporarily_unavailable: kind(Code.Unavailable, 503),
  // OIDC Core §3.1.2.6
  login_required: kind(Code.FailedPrecondition),
  consent_required: kind(Code.FailedPrecondition),
  request_not_supported: kind(Code.InvalidArgument),
  request_uri_not_supported: kind(Code.InvalidArgument),
  registration_not_supported: kind(Code.InvalidArgument),
  // RFC 8707 §2
  invalid_target: kind(Code.InvalidArgument),
  // RFC 6750 §3.1
  invalid_token: kind(Code.Unauthenticated, 401),
  insufficient_scope: kind(Code.PermissionDenied, 403),
  // OpenID4VCI 1.0 §8.3.1
  invalid_credential_request: kind(Code.InvalidArgument),
  unknown_credential_configuration: kind(Code.InvalidArgument),
  unknown_credential_identifier: kind(Code.InvalidArgument),
  invalid_proof: kind(Code.InvalidArgument),
  invalid_nonce: kind(Code.InvalidArgument),
  credential_request_denied: kind(Code.PermissionDenied),
  // OpenID4VCI draft 13 §7.3.1.2 (Inji wallets)
  unsupported_credential_format: kind(Code.InvalidArgument),
  // RFC 9396 §5
  invalid_authorization_details: kind(Code.InvalidArgument),
  // eSignet login-step codes (reference §4.1)
  invalid_transaction: kind(Code.FailedPrecondition),
  auth_failed: fixable(Code.Unauthenticated),
  auth_factor_mismatch: kind(Code.InvalidArgument),
  invalid_challenge: fixable(Code.InvalidArgument),
  invalid_identifier: fixable(Code.InvalidArgument),
  send_otp_failed: fixable(Code.FailedPrecondition),
  no_attempts_left: kind(Code.ResourceExhausted, 429),
  individual_id_blocked: kind(Code.ResourceExhausted, 429),
  too_early_attempt: kind(Code.ResourceExhausted, 429, true),
  invalid_accepted_claim: kind(Code.InvalidArgument),
  invalid_permitted_scope: kind(Code.InvalidArgument),
  biometric_verification_failed: fixable(Code.Unauthenticated),
  // Client registration (eSignet client-mgmt codes, reference §3.16; RFC 7591 §3.2.2)
  invalid_client_id: kind(Code.InvalidArgument),
  invalid_client_name: kind(Code.InvalidArgument),
  invalid_language_code: kind(Code.InvalidArgument),
  invalid_client_name_value: kind(Code.InvalidArgument),
  invalid_uri: kind(Code.InvalidArgument),
  invalid_redirect_uri: kind(Code.InvalidArgument),
  invalid_public_key: kind(Code.InvalidArgument),
  invalid_claim: kind(Code.InvalidArgument),
  invalid_acr: kind(Code.InvalidArgument),
  invalid_client_auth: kind(Code.InvalidArgument),
  invalid_client_metadata: kind(Code.InvalidArgument),
  invalid_rp_id: kind(Code.InvalidArgument),
  invalid_additional_config: kind(Code.InvalidArgument),
  invalid_status: kind(Code.InvalidArgument),
  duplicate_client_id: kind(Code.AlreadyExists, 409),
  duplicate_public_key: kind(Code.AlreadyExists, 409),
  // Administration
  invalid_argument: kind(Code.InvalidArgument),
  already_exists: kind(Code.AlreadyExists, 409),
  not_found: kind(Code.NotFound, 404),
  unauthenticated: kind(Code.Unauthenticated, 401),
  permission_denied: kind(Code.PermissionDenied, 403),
  not_implemented: kind(Code.Unimplemented, 501),
} as const satisfies Record<string, ErrorKind>;

/** A protocol error code from the catalogue. */
export type ErrorCode = keyof typeof errorCatalogue;

/** Whether `code` is in the catalogue. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalogue, code);
}
