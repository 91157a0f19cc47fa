import { create } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import { ErrorDetailSchema } from "../../gen/signet/v1/error_pb.js";
import { safeDescription } from "../error-text.js";
import { SignetError } from "./signet-error.js";

/** The fixed description of an unexpected failure; its cause is only logged. */
export const SERVER_ERROR_TEXT = "internal error";

/**
 * The one boundary between domain errors and the wire, run by the core's error-boundary
 * interceptor for every call on every transport. A {@link SignetError} becomes its catalogue
 * gRPC status with a `signet.v1.ErrorDetail` (code, description, field, redirect target, the
 * data a page needs, and the catalogue's HTTP status and user-fixable flag, so the gateway
 * keeps no table of its own). A ConnectError raised by Connect itself (cancellation, deadline)
 * passes unchanged. Anything else is a defect: `onUnexpected` logs it, and the caller gets
 * `server_error` with a fixed text — no stack, SQL or library message leaves the core.
 */
export function toConnectError(err: unknown, onUnexpected: (err: unknown) => void): ConnectError {
  if (err instanceof SignetError) return connectErrorOf(err);
  if (err instanceof ConnectError) return err;
  onUnexpected(err);
  return connectErrorOf(new SignetError("server_error", SERVER_ERROR_TEXT));
}

function connectErrorOf(err: SignetError): ConnectError {
  const o = err.options;
  // The one place descriptions enter an ErrorDetail: only RFC 6749 §5.2 characters, at most
  // 512 of them, so a request value quoted in a description is never reflected raw.
  const description = safeDescription(err.description);
  const detail = create(ErrorDetailSchema, {
    error: err.code,
    errorDescription: description,
    field: (o.field ?? "").slice(0, 256),
    redirectUri: o.redirect?.redirectUri ?? "",
    state: o.redirect?.state ?? "",
    iss: o.redirect?.iss ?? "",
    attemptsRemaining: o.attemptsRemaining,
    retryAfterSeconds: o.retryAfterSeconds,
    cNonce: o.cNonce?.value ?? "",
    cNonceExpiresIn: BigInt(o.cNonce?.expiresIn ?? 0),
    httpStatus: err.kind.http,
    userFixable: err.kind.userFixable,
  });
  return new ConnectError(description, err.status, undefined, [{ desc: ErrorDetailSchema, value: detail }]);
}
