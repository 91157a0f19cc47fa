import { randomUUID } from "node:crypto";
import { ConnectError, createContextKey, type Interceptor } from "@connectrpc/connect";
import { withLogContext } from "../../core/logger.js";
import { activeTraceId } from "../../observability/tracing.js";

/**
 * A new request id: 32 hex digits. Taken from randomUUID, which draws from a pooled entropy buffer
 * (about 0.5 µs) where randomBytes(16) asks the OS each time (about 4 µs); the id is not a secret.
 */
function newRequestId(): string {
  return randomUUID().replace(/-/g, "");
}

/** What the chain knows about the call it is running. */
export interface RequestContext {
  /** The caller's `x-request-id`, else the trace id of its `traceparent`, else a new one. */
  readonly requestId: string;
  /** The W3C trace id of the caller's `traceparent`, when it sent a valid one. */
  readonly traceId?: string;
}

/** The call's {@link RequestContext}, for interceptors and handlers. */
export const requestContextKey = createContextKey<RequestContext | undefined>(undefined, { description: "signet request context" });

/** The header carrying the request id in both directions. */
export const REQUEST_ID_HEADER = "x-request-id";

/** An id we accept from a caller: short and log-safe (a proxy's UUID, a gateway's id). */
const acceptableId = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The trace id of a W3C Trace Context `traceparent` (§3.2): version 00, a 32-hex trace id
 * and a 16-hex parent id, neither all zeros. Anything else is ignored, as §3.2.2 asks of
 * a header that does not parse.
 */
export function traceIdOf(traceparent: string | null): string | undefined {
  const m = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(traceparent?.trim() ?? "");
  if (!m || m[1] === "ff" || /^0+$/.test(m[2]!) || /^0+$/.test(m[3]!)) return undefined;
  return m[2];
}

/**
 * Gives every call a request id — the caller's `x-request-id` when it is well formed, else
 * the trace id of its `traceparent`, else a new random one — puts it (with the trace id)
 * on every log line written while the call runs, and returns it in the `x-request-id`
 * response header (in the trailers of a failed call). The outermost interceptor.
 */
export function requestIdInterceptor(): Interceptor {
  return (next) => async (req) => {
    const offered = req.header.get(REQUEST_ID_HEADER);
    const traceId = activeTraceId() ?? traceIdOf(req.header.get("traceparent"));
    const requestId = offered && acceptableId.test(offered) ? offered : traceId ?? newRequestId();
    req.contextValues.set(requestContextKey, { requestId, traceId });
    const fields = traceId ? { request_id: requestId, trace_id: traceId } : { request_id: requestId };
    try {
      const res = await withLogContext(fields, () => next(req));
      res.header.set(REQUEST_ID_HEADER, requestId);
      return res;
    } catch (err) {
      if (err instanceof ConnectError) err.metadata.set(REQUEST_ID_HEADER, requestId);
      throw err;
    }
  };
}
