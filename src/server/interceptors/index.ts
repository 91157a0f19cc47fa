import type { Interceptor } from "@connectrpc/connect";
import type { Logger } from "../../core/logger.js";
import { accessLogInterceptor } from "./access-log.js";
import { dependencyBoundaryInterceptor } from "./dependency-boundary.js";
import { errorBoundaryInterceptor } from "./error-boundary.js";
import { requestIdInterceptor } from "./request-id.js";
import { rpcMetrics } from "./metrics.js";
import { tracingInterceptor } from "./tracing.js";
import type { SignetMetrics } from "../../observability/metrics.js";
import { authenticateInterceptor, type AuthenticateOptions } from "../auth/authenticate.js";
import { policyInterceptor } from "../auth/policy.js";

export { accessLogInterceptor, grpcCodeName } from "./access-log.js";
export { errorBoundaryInterceptor } from "./error-boundary.js";
export { dependencyBoundaryInterceptor, UNAVAILABLE_TEXT } from "./dependency-boundary.js";
export { requestContextKey, requestIdInterceptor, REQUEST_ID_HEADER, traceIdOf, type RequestContext } from "./request-id.js";

/** What {@link coreInterceptors} needs. */
export interface CoreInterceptorOptions {
  readonly logger: Logger;
  /** Who the callers are (certificates, credentials) and what an anonymous caller is. */
  readonly auth: AuthenticateOptions;
  /** Where RPC latency and the domain counters go. */
  readonly metrics: SignetMetrics;
  /**
   * Request validation (protovalidate), run after the error boundary and before any
   * handler, so a refused message is logged and answered like any other refusal.
   */
  readonly validation?: Interceptor;
}

/**
 * The core's interceptor chain, outermost first, shared by every transport:
 * 1. trace span (a child of the caller's `traceparent`),
 * 2. request id (so everything after it logs with the id and the trace id),
 * 3. access log and metrics (one pass over the final code, after conversion),
 * 4. error boundary (the one place a defect becomes INTERNAL),
 * 5. caller authentication (the principal, from certificate, credential or transport),
 * 6. per-RPC policy (roles, bound client ids) — refusals cost no storage work,
 * 7. dependency boundary (the call's deadline reaches storage; storage that cannot answer
 *    becomes UNAVAILABLE, not a defect),
 * 8. validation, when configured.
 */
export function coreInterceptors(opts: CoreInterceptorOptions): Interceptor[] {
  return [
    tracingInterceptor(),
    requestIdInterceptor(),
    accessLogInterceptor(opts.logger, rpcMetrics(opts.metrics)),
    errorBoundaryInterceptor(opts.logger),
    authenticateInterceptor(opts.auth),
    policyInterceptor(),
    dependencyBoundaryInterceptor(opts.logger),
    ...(opts.validation ? [opts.validation] : []),
  ];
}
