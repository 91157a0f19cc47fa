import { ConnectError, type Interceptor } from "@connectrpc/connect";
import { extractContext, inSpan, SpanKind, tracingEnabled } from "../../observability/tracing.js";

/**
 * The server span of every RPC, a child of the caller's W3C `traceparent` (the gateway's
 * HTTP span, a browser's or a relying party's), so storage and identity-system spans below
 * join one trace. Outermost, so the request id and access log see its trace id. Without a
 * tracer provider (no OTEL_EXPORTER_OTLP_ENDPOINT) the call goes straight through.
 */
export function tracingInterceptor(): Interceptor {
  return (next) => (req) =>
    !tracingEnabled() ? next(req) : inSpan(
      `${req.service.typeName}/${req.method.name}`,
      SpanKind.SERVER,
      { "rpc.system": "grpc", "rpc.service": req.service.typeName, "rpc.method": req.method.name },
      async (span) => {
        try {
          const res = await next(req);
          span.setAttribute("rpc.grpc.status_code", 0);
          return res;
        } catch (err) {
          span.setAttribute("rpc.grpc.status_code", ConnectError.from(err).code);
          throw err;
        }
      },
      extractContext(req.header),
    );
}
