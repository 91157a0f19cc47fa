import { create } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import { ErrorDetailSchema, type ErrorDetail } from '../../src/gen/signet/v1/error_pb.js';
import type { Logger } from '../context.js';

/** The fixed text sent for anything unexpected; the cause is only logged. */
export const SERVER_ERROR_TEXT = 'The server could not complete the request.';

/**
 * A core failure reduced to what may be shown: the core's ErrorDetail when it
 * sent one (its description is safe by contract, error.proto), else
 * `server_error` with a fixed text (DESIGN.md lesson 3).
 */
export interface CoreFailure {
  readonly detail: ErrorDetail;
  /** True when the core sent no ErrorDetail (or the call failed in transport). */
  readonly unexpected: boolean;
  readonly code: Code;
}

/**
 * Reads the `signet.v1.ErrorDetail` of a failed call. Anything without one is
 * logged (with the RPC name, never the request) and becomes `server_error`.
 */
export function coreFailure(err: unknown, logger: Logger, rpc: string): CoreFailure {
  const connectErr = ConnectError.from(err);
  const [detail] = connectErr.findDetails(ErrorDetailSchema);
  if (detail && detail.error) {
    return { detail, unexpected: false, code: connectErr.code };
  }
  logger.error('core call failed without an error detail', {
    rpc,
    code: Code[connectErr.code],
    message: connectErr.rawMessage,
  });
  const serverError = create(ErrorDetailSchema, {
    error: connectErr.code === Code.Unavailable ? 'temporarily_unavailable' : 'server_error',
    errorDescription: SERVER_ERROR_TEXT,
  });
  return { detail: serverError, unexpected: true, code: connectErr.code };
}

/** HTTP status for server-side failures, or undefined when the client is at fault. */
export function serverStatus(error: string): number | undefined {
  if (error === 'server_error') return 500;
  if (error === 'temporarily_unavailable') return 503;
  return undefined;
}
