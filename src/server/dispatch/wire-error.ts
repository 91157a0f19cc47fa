import { Code, ConnectError } from "@connectrpc/connect";
import { SERVER_ERROR_TEXT } from "../../core/errors/index.js";

/** The text of a failure that escaped the interceptor chain's error boundary. */
export const INTERNAL_ERROR_TEXT = SERVER_ERROR_TEXT;

/**
 * The error a network client would receive for `err`: code, message, details and the
 * response metadata (headers, trailers and the error's own), never the server-side cause
 * or, for anything but a ConnectError, its message. The error boundary interceptor logs
 * unexpected errors; this is the last line for a chain configured without one.
 */
export function wireError(err: unknown, ...metadata: Headers[]): ConnectError {
  if (!(err instanceof ConnectError)) return new ConnectError(INTERNAL_ERROR_TEXT, Code.Internal, mergeHeaders(...metadata));
  const received = new ConnectError(err.rawMessage, err.code, mergeHeaders(...metadata, err.metadata));
  received.details.push(...err.details);
  return received;
}

/** All values of `sources` in one Headers (later sources append to earlier ones). */
export function mergeHeaders(...sources: Headers[]): Headers {
  const out = new Headers();
  for (const h of sources) h.forEach((value, key) => out.append(key, value));
  return out;
}
