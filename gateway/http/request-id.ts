import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Interceptor } from '@connectrpc/connect';
import { context, propagation, trace, type Span } from '@opentelemetry/api';
import { requestContext, withRequestContext } from './request-context.js';

/**
 * A new request id: 32 hex digits. Taken from randomUUID, which draws from a pooled entropy buffer
 * (about 0.5 µs) where randomBytes(16) asks the OS each time (about 4 µs); the id is not a secret.
 */
function newRequestId(): string {
  return randomUUID().replace(/-/g, '');
}

/** What the gateway sends the core with every call an HTTP request makes. */
export interface RequestScope {
  readonly requestId: string;
  /** The W3C `traceparent` to send when no tracer provider is registered (the browser's or RP's, else a new one). */
  readonly traceparent: string;
  readonly traceId: string;
}

/** An id we accept from a proxy in front of us: short and log-safe. */
const acceptable = /^[A-Za-z0-9._:-]{8,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** The request's id: a well-formed `X-Request-Id` from a proxy in front, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const offered = req.headers['x-request-id'];
  return typeof offered === 'string' && acceptable.test(offered) ? offered : newRequestId();
}

/**
 * The trace this request belongs to: its server span's (`active`) when a tracer provider records one
 * (a child of the browser's or relying party's `traceparent`), else the incoming
 * `traceparent` passed on as is, else a new one — so the gateway's and the core's log lines
 * carry one trace id either way (W3C Trace Context §3.2).
 */
export function traceOf(req: IncomingMessage, active?: Span): { traceparent: string; traceId: string } {
  const span = active?.spanContext();
  if (active?.isRecording() && span && trace.isSpanContextValid(span)) return { traceparent: '', traceId: span.traceId };
  const offered = req.headers.traceparent;
  const m = typeof offered === 'string' ? TRACEPARENT.exec(offered.trim()) : null;
  if (m && !/^0+$/.test(m[1]!) && !/^0+$/.test(m[2]!)) return { traceparent: offered as string, traceId: m[1]! };
  const traceId = newRequestId();
  return { traceparent: `00-${traceId}-${newRequestId().slice(0, 16)}-00`, traceId };
}

/** Runs `fn` with the request's id and trace as the current ones. */
export function withRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return withRequestContext({ scope }, fn);
}

/**
 * Client interceptor: sends the current HTTP request's id (`x-request-id`) and trace context
 * (`traceparent`, from the active span when tracing, else the request's) to the core.
 */
export const propagateRequestId: Interceptor = (next) => (req) => {
  const scope = requestContext()?.scope;
  if (scope !== undefined && !req.header.has('x-request-id')) req.header.set('x-request-id', scope.requestId);
  if (!req.header.has('traceparent')) {
    // Without a tracer the request's own traceparent; with one, the active (gateway) span's.
    if (scope?.traceparent) req.header.set('traceparent', scope.traceparent);
    else propagation.inject(context.active(), req.header, { set: (h: Headers, k: string, v: string) => h.set(k, v) });
  }
  return next(req);
};

/** The id of the HTTP request being handled, if any (for log lines about it). */
export function currentRequestId(): string | undefined {
  return requestContext()?.scope?.requestId;
}
