import { setMaxListeners } from "node:events";
import type { Interceptor } from "@connectrpc/connect";
import { withCallDeadline } from "../../core/ports/call-deadline.js";
import { StorageUnavailable } from "../../core/ports/storage/index.js";
import { signetError } from "../../core/errors/index.js";
import type { Logger } from "../../core/logger.js";

/** What a resident or relying party is told when a dependency is down; the cause is only logged. */
export const UNAVAILABLE_TEXT = "The service is temporarily unavailable. Try again in a few seconds.";

/**
 * Where the core meets what it depends on, on every transport:
 * - the call's deadline (its gRPC deadline, a cancellation, the end of the shutdown grace)
 *   becomes the deadline of every storage call it makes (ports/call-deadline.ts), so a hung
 *   database costs the call no more than its caller will wait;
 * - storage that cannot answer (StorageUnavailable) becomes `temporarily_unavailable` /
 *   UNAVAILABLE — HTTP 503 at the gateway, RFC 6749 §4.1.2.1 — instead of a defect, and its
 *   cause is logged once, at error level (the request id comes from the log context).
 * Sits inside the error boundary, which would otherwise report it as INTERNAL.
 */
export function dependencyBoundaryInterceptor(logger: Logger): Interceptor {
  return (next) => async (req) => {
    // Each storage call of the RPC listens on this signal while it waits. (An in-process call's
    // signal is not an EventTarget and has no listener limit.)
    if (req.signal instanceof EventTarget) setMaxListeners(0, req.signal);
    try {
      return await withCallDeadline(req.signal, () => next(req));
    } catch (err) {
      if (!(err instanceof StorageUnavailable)) throw err;
      logger.error("rpc failed: storage unavailable", {
        rpc: `${req.service.typeName}/${req.method.name}`,
        reason: err.reason,
        cause: err.cause instanceof Error ? err.cause.message : String(err.cause),
      });
      throw signetError("temporarily_unavailable", UNAVAILABLE_TEXT);
    }
  };
}
