import { create } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import { ErrorDetailSchema, type ErrorDetail } from '../../src/gen/signet/v1/error_pb.js';
import type { Logger } from '../context.js';
import { currentRequestId } from '../http/request-id.js';

/** The fixed text sent for anything unexpected; the cause is only logged. */
export const SERVER_ERROR_TEXT = 'The server could not complete the request.';

/** The fixed text sent when the core cannot be reached; the cause is only logged. */
export const UNAVAILABLE_TEXT = 'The service is temporarily unavailable. Try again in a few seconds.';

/**
 * A core failure reduced to what may be shown: the core's ErrorDetail when it
 * sent one (its description is safe by contract, error.proto), else
 * `server_error` (or `temporarily_unavailable` when the core could not be
 * reached) with a fixed text.
 */
export interface CoreFailure {
  readonly detail: ErrorDetail;
  /** True when the core sent no ErrorDetail (or the call failed in transport). */
  readonly unexpected: boolean;
  readonly code: Code;
}

/** Node error codes meaning the call never reached the core or was cut on the way. */
const TRANSPORT_CODES = /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ERR_HTTP2_.*|ERR_STREAM_PREMATURE_CLOSE)$/;

/**
 * Whether a call without an ErrorDetail failed in transport — the core cannot be reached, did
 * not answer within the deadline, or the connection was cut mid-call (a core that stopped or
 * crashed) — rather than inside the core. Such a failure is the core being unavailable, not a bug.
 */
export function isTransportFailure(err: ConnectError): boolean {
  // Without an ErrorDetail these codes come from the transport: a refused or broken
  // connection, the deadline, a stream reset (CANCEL when the core's session is destroyed).
  const transportCodes = [Code.Unavailable, Code.DeadlineExceeded, Code.Canceled, Code.Aborted];
  if (transportCodes.includes(err.code)) return true;
  for (let e: unknown = err.cause, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSPORT_CODES.test(code)) return true;
  }
  return false;
}

/**
 * Reads the `signet.v1.ErrorDetail` of a failed call. Anything without one is logged once, at
 * error level, with the RPC, the request id and the gRPC status name (never the request), and
 * becomes `temporarily_unavailable` (503) when the core could not be reached or answered too
 * late, else `server_error` (500).
 */
export function coreFailure(err: unknown, logger: Logger, rpc: string): CoreFailure {
  const connectErr = ConnectError.from(err);
  const [detail] = connectErr.findDetails(ErrorDetailSchema);
  if (detail && detail.error) {
    return { detail, unexpected: false, code: connectErr.code };
  }
  const unavailable = isTransportFailure(connectErr);
  logger.error(unavailable ? 'core unavailable' : 'core call failed without an error detail', {
    rpc,
    request_id: currentRequestId(),
    status: Code[connectErr.code],
    message: connectErr.rawMessage,
  });
  // No detail: the core failed or could not be reached, which is never the caller's fault.
  const serverError = create(ErrorDetailSchema, {
    error: unavailable ? 'temporarily_unavailable' : 'server_error',
    errorDescription: unavailable ? UNAVAILABLE_TEXT : SERVER_ERROR_TEXT,
    httpStatus: unavailable ? 503 : 500,
  });
  return { detail: serverError, unexpected: true, code: connectErr.code };
}

/**
 * The HTTP status of an error, as the core's catalogue sent it in the detail
 * (`http_status`); the gateway keeps no table of its own. A detail without one
 * (from an older core, or made by the gateway for a malformed request) is 400.
 */
export function httpStatusOf(detail: { readonly httpStatus?: number }): number {
  return detail.httpStatus || 400;
}
