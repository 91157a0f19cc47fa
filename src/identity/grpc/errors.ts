/**
 * Errors across `signet.v1.IdentitySystemService`. An expected failure travels as a gRPC
 * status with a `signet.v1.ErrorDetail` whose `error` is one of the codes the RPC lists
 * (identity_system.proto); everything else an identity system may do — be down, be slow,
 * fail on its side, answer outside the contract — is a server-side failure that never
 * costs the person a login attempt.
 */
import { create } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import { ErrorDetailSchema } from '../../gen/signet/v1/error_pb.js';
import {
  IdentityError, IdentityErrorCode, IdentitySystemUnavailableError, isIdentitySystemUnavailable,
} from '../identity-error.js';
import type { IdentityLogger } from '../../core/ports/identity.js';

/** The RPCs of the contract. */
export type IdentityRpc = 'GetCapabilities' | 'DeliverOtp' | 'KycAuth' | 'KycExchange' | 'RevokeKycToken';

/** The error codes each RPC may answer with (identity_system.proto documents the same lists). */
export const LISTED_ERRORS: Readonly<Record<IdentityRpc, readonly IdentityErrorCode[]>> = {
  GetCapabilities: [],
  DeliverOtp: [IdentityErrorCode.InvalidIndividualId, IdentityErrorCode.InvalidOtpChannel, IdentityErrorCode.SendOtpFailed],
  KycAuth: [
    IdentityErrorCode.AuthFailed, IdentityErrorCode.InvalidTransaction,
    IdentityErrorCode.InvalidIndividualId, IdentityErrorCode.InvalidChallenge,
  ],
  KycExchange: [IdentityErrorCode.KycExchangeFailed],
  RevokeKycToken: [],
};

/** The gRPC status each code is sent with. */
export const ERROR_STATUS: Readonly<Record<IdentityErrorCode, Code>> = {
  auth_failed: Code.Unauthenticated,
  invalid_transaction: Code.FailedPrecondition,
  invalid_individual_id: Code.NotFound,
  invalid_otp_channel: Code.InvalidArgument,
  send_otp_failed: Code.FailedPrecondition,
  invalid_challenge: Code.InvalidArgument,
  kyc_exchange_failed: Code.FailedPrecondition,
};

/** Statuses by which a server blames the request; only these may carry a listed code. */
const REQUEST_FAULTS: ReadonlySet<Code> = new Set([
  Code.InvalidArgument, Code.NotFound, Code.FailedPrecondition, Code.Unauthenticated,
  Code.PermissionDenied, Code.OutOfRange, Code.AlreadyExists,
]);

/**
 * Client side: what a failed call means for Signet. A listed code with a request-fault
 * status is the person's {@link IdentityError}; anything else is an
 * {@link IdentitySystemUnavailableError} (also garbage the client library could not decode,
 * which it reports as INTERNAL or UNKNOWN).
 */
export function fromCallError(rpc: IdentityRpc, err: unknown): IdentityError | IdentitySystemUnavailableError {
  if (isIdentitySystemUnavailable(err)) return err;
  const ce = ConnectError.from(err);
  if (ce.code === Code.DeadlineExceeded) {
    return new IdentitySystemUnavailableError(rpc, 'deadline_exceeded', 'no answer before the deadline', { cause: ce });
  }
  if (ce.code === Code.Unavailable) return new IdentitySystemUnavailableError(rpc, 'unavailable', ce.rawMessage, { cause: ce });
  let detail;
  try {
    detail = ce.findDetails(ErrorDetailSchema)[0];
  } catch {
    detail = undefined; // an undecodable detail is garbage like any other
  }
  const code = detail?.error as IdentityErrorCode | undefined;
  if (REQUEST_FAULTS.has(ce.code) && code !== undefined && LISTED_ERRORS[rpc].includes(code)) {
    return new IdentityError(code, detail?.errorDescription || 'The identity system refused the request.');
  }
  const what = `${Code[ce.code] ?? ce.code} with ${code ? `unlisted error ${JSON.stringify(code).slice(0, 64)}` : 'no ErrorDetail'}`;
  return new IdentitySystemUnavailableError(rpc, REQUEST_FAULTS.has(ce.code) ? 'contract_violation' : 'error_status', what, { cause: ce });
}

/**
 * Server side: the status to send for whatever a port implementation threw. An
 * {@link IdentityError} becomes its listed status and ErrorDetail; a server-side failure
 * becomes UNAVAILABLE; anything else is logged and becomes INTERNAL with a fixed text.
 */
export function toCallError(rpc: IdentityRpc, err: unknown, logger: IdentityLogger): ConnectError {
  if (err instanceof ConnectError) return err;
  if (err instanceof IdentityError && LISTED_ERRORS[rpc].includes(err.code)) {
    const detail = create(ErrorDetailSchema, { error: err.code, errorDescription: err.message });
    return new ConnectError(err.message, ERROR_STATUS[err.code], undefined, [{ desc: ErrorDetailSchema, value: detail }]);
  }
  if (isIdentitySystemUnavailable(err)) {
    logger.warn('identity system: a dependency is unavailable', { rpc, reason: err.reason, cause: err.message });
    return new ConnectError('the identity system is temporarily unavailable', Code.Unavailable);
  }
  logger.warn('identity system: unexpected failure', { rpc, cause: err instanceof Error ? err.message : String(err) });
  return new ConnectError('identity system error', Code.Internal);
}
