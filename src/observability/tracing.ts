import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from "@opentelemetry/api";

/**
 * OpenTelemetry tracing. Only the API (a no-op until a provider is registered) is loaded by
 * default; the SDK and the OTLP exporter are imported by {@link startTracing} when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the standard OTEL_* variables).
 */
export const tracer = () => trace.getTracer("signet");

/** Set while a tracer provider started by {@link startTracing} is registered. */
let on = false;

/**
 * Whether spans are recorded. Every instrumented path asks this first and does no tracing
 * work at all (no span object, no context switch, no header parsing) when it is false, which
 * is the default: the chain's per-call cost without an exporter is a boolean test.
 */
export function tracingEnabled(): boolean {
  return on;
}

/** Header carriers for W3C trace-context propagation over Connect/Fetch `Headers`. */
export const headerGetter = {
  get: (h: Headers, key: string) => h.get(key) ?? undefined,
  keys: (h: Headers) => {
    const keys: string[] = [];
    h.forEach((_, k) => keys.push(k));
    return keys;
  },
};
export const headerSetter = { set: (h: Headers, key: string, value: string) => h.set(key, value) };

/** The trace context a W3C `traceparent` in `headers` carries (the active one when none). */
export function extractContext(headers: Headers): Context {
  return propagation.extract(context.active(), headers, headerGetter);
}

/** The trace id of the active span, when a tracer provider records one. */
export function activeTraceId(): string | undefined {
  if (!on) return undefined;
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) ? ctx.traceId : undefined;
}

/** Runs `fn` in a new active span, ending it (with an error status on a throw) when `fn` settles. */
export function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, fn: (span: Span) => Promise<T>, parent: Context = context.active()): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : "error" });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Something that exports finished spans (the SDK's SpanExporter, e.g. its InMemorySpanExporter in tests). */
export type SpanExporterLike = object;

/** A running tracer provider. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Registers a tracer provider (W3C trace-context propagation, async-hooks context) exporting
 * to `exporter`, or over OTLP/HTTP when `env.OTEL_EXPORTER_OTLP_ENDPOINT` is set; otherwise
 * does nothing and loads nothing.
 */
export async function startTracing(opts: { readonly env: Readonly<Record<string, string | undefined>>; readonly serviceName: string; readonly exporter?: SpanExporterLike }): Promise<Tracing | undefined> {
  if (!opts.exporter && !opts.env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const [{ NodeTracerProvider }, { BatchSpanProcessor, SimpleSpanProcessor }, { resourceFromAttributes }] = await Promise.all([
    import("@opentelemetry/sdk-trace-node"),
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/resources"),
  ]);
  const processor = opts.exporter
    ? new SimpleSpanProcessor(opts.exporter as never)
    : new BatchSpanProcessor(new (await import("@opentelemetry/exporter-trace-otlp-http")).OTLPTraceExporter());
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": opts.env.OTEL_SERVICE_NAME ?? opts.serviceName }),
    spanProcessors: [processor],
  });
  provider.register();
  on = true;
  return {
    shutdown: async () => {
      on = false;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

export { SpanKind };
