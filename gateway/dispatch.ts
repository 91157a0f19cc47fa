import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext, GatewayMount } from './context.js';
import { SERVER_ERROR_TEXT } from './errors/core-error.js';
import { BodyTooLargeError, ClientAbortedError } from './http/body.js';
import { CORS_ANY, NO_STORE, sendJson } from './http/respond.js';
import { performance } from 'node:perf_hooks';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { requestIdOf, traceOf, withRequestScope } from './http/request-id.js';
import { sendMetrics } from './http/metrics.js';
import { withRequestLanguage } from './i18n/request-locale.js';
import { sendErrorPage } from './pages/error-page.js';
import { findRoute, type RouteKind } from './routes.js';

/** One year, the value RFC 6797 §11.2 suggests; subdomains are the operator's to decide. */
export const HSTS = 'max-age=31536000';

/** Sends a failure in the shape the route's clients expect. */
function sendFailure(
  res: ServerResponse,
  kind: RouteKind,
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (kind === 'page') {
    // Residents read a message chosen by the status; the description is for developers.
    const message = status === 405 ? 'error.method' : status === 413 ? 'error.tooLarge' : status === 503 ? 'error.unavailable' : status >= 500 ? 'error.server' : 'error.generic';
    sendErrorPage(res, status, { title: status >= 500 ? 'error.unexpectedTitle' : 'error.title', message, code: error });
  } else {
    sendJson(res, status, { error, error_description: description }, NO_STORE);
  }
}

/** The route path, or undefined when the request target is not a URL (e.g. `GET http://[/`). */
function routePath(req: IncomingMessage, basePath: string): string | undefined {
  let path: string;
  try {
    path = new URL(req.url ?? '/', 'http://gateway').pathname;
  } catch {
    return undefined;
  }
  if (basePath && (path === basePath || path.startsWith(`${basePath}/`))) return path.slice(basePath.length) || '/';
  return path;
}

/** Whether a handler failed because the client went away (an aborted upload, a reset socket). */
function clientWentAway(req: IncomingMessage, res: ServerResponse, err: unknown): boolean {
  if (err instanceof ClientAbortedError || (req.destroyed && !req.complete) || res.destroyed) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/**
 * Routes one request: 404 for unknown paths, CORS preflight for public
 * metadata, 405 with `Allow` for a wrong method, 413 for oversized bodies, and
 * `server_error` with a fixed text for anything a handler throws (the cause is
 * logged once, at error level, with the request id; never sent). A client that goes
 * away mid-request is an info line, not an error. Every response carries the request's
 * `X-Request-Id`, which is also sent to the core with each call and written on the
 * request's log lines.
 */
export async function dispatch(req: IncomingMessage, res: ServerResponse, ctx: GatewayContext): Promise<void> {
  const requestId = requestIdOf(req);
  res.setHeader('X-Request-Id', requestId);
  // Pages render in the request's language (switcher cookie, Accept-Language; ui_locales per page).
  if (!ctx.tracing()) {
    // No tracer: no span, no context switch; the trace id still comes from (or starts) a traceparent.
    const scope = { requestId, ...traceOf(req) };
    return withRequestScope(scope, () => withRequestLanguage(req, () => handle(req, res, ctx, scope, undefined)));
  }
  // The server span of this request: a child of the browser's or relying party's traceparent.
  const parent = propagation.extract(context.active(), req.headers, { get: (h, k) => h[k] as string | undefined, keys: (h) => Object.keys(h) });
  return trace.getTracer('signet-gateway').startActiveSpan(`HTTP ${req.method ?? ''}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? '' } }, parent, (span) => {
    const scope = { requestId, ...traceOf(req, span) };
    return withRequestScope(scope, () => withRequestLanguage(req, () => handle(req, res, ctx, scope, span))).finally(() => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
  });
}

/** Hands a request to what is mounted beside the gateway; its failures become a 500 page. */
async function serveMount(req: IncomingMessage, res: ServerResponse, ctx: GatewayContext, mount: GatewayMount, path: string): Promise<void> {
  if (ctx.lifecycle.draining) {
    sendFailure(res, 'page', 503, 'temporarily_unavailable', 'The server is restarting. Try again in a few seconds.', { Connection: 'close' });
    return;
  }
  try {
    await mount.handler(req, res);
  } catch (err) {
    ctx.logger.error('mounted handler failed', { path, error: err instanceof Error ? err.stack : String(err) });
    if (res.headersSent) res.destroy();
    else sendFailure(res, 'page', 500, 'server_error', SERVER_ERROR_TEXT);
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: GatewayContext, scope: { requestId: string; traceId: string }, span: Span | undefined): Promise<void> {
  const { requestId } = scope;
  const started = ctx.now();
  const startedHr = performance.now();
  let path = '';
  let routeLabel = 'unmatched';
  // RFC 6797: behind an https issuer, browsers must never reach the login pages over http.
  if (ctx.publicUrl.protocol === 'https:') res.setHeader('Strict-Transport-Security', HSTS);
  try {
    const found = routePath(req, ctx.basePath);
    if (found === undefined) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'the request target is not a valid URL' }, { Connection: 'close' });
      return;
    }
    path = found;
    const mount = ctx.mounts.find((m) => path === m.path || path.startsWith(`${m.path}/`));
    if (mount) {
      await serveMount(req, res, ctx, mount, path);
      return;
    }
    if (path === '/metrics' && ctx.metrics?.onPublicListener) {
      routeLabel = '/metrics';
      await sendMetrics(res, ctx.metrics);
      return;
    }
    const route = findRoute(path);
    if (route) {
      routeLabel = route.paths[0]!;
      span?.updateName(`HTTP ${req.method ?? ''} ${routeLabel}`);
      span?.setAttribute('http.route', routeLabel);
    }
    if (!route) {
      sendJson(res, 404, { error: 'not_found', error_description: 'no such endpoint' });
      return;
    }
    if (route.cors) for (const [name, value] of Object.entries(CORS_ANY)) res.setHeader(name, value);
    if (ctx.lifecycle.draining) {
      // Arrived after shutdown began (on a connection opened before it): nothing is started,
      // so the client may safely retry elsewhere.
      sendFailure(res, route.kind, 503, 'temporarily_unavailable', 'The server is restarting. Try again in a few seconds.', { Connection: 'close' });
      return;
    }
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (method === 'OPTIONS' && route.cors) {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS', 'Access-Control-Max-Age': '86400' });
      res.end();
      return;
    }
    const handler = method === 'GET' || method === 'POST' ? route.methods[method] : undefined;
    if (!handler) {
      const allow = Object.keys(route.methods).join(', ');
      sendFailure(res, route.kind, 405, 'invalid_request', `method ${req.method ?? ''} is not allowed`, { Allow: allow });
      return;
    }
    try {
      await handler(req, res, ctx);
    } catch (err) {
      if (clientWentAway(req, res, err)) {
        ctx.logger.info('client closed the connection before the answer', { path, request_id: requestId });
        res.destroy();
      } else if (res.headersSent) {
        ctx.logger.error('handler failed after responding', { path, error: String(err), request_id: requestId });
        res.destroy();
      } else if (err instanceof BodyTooLargeError) {
        sendFailure(res, route.kind, 413, 'invalid_request', 'The request body is too large.', { Connection: 'close' });
      } else {
        ctx.logger.error('handler failed', { path, error: err instanceof Error ? err.stack : String(err), request_id: requestId });
        sendFailure(res, route.kind, 500, 'server_error', SERVER_ERROR_TEXT);
      }
    }
  } finally {
    ctx.logger.info('http request', { method: req.method, path, status: res.statusCode, ms: ctx.now() - started, request_id: requestId, trace_id: scope.traceId });
    ctx.metrics?.observeHttp(routeLabel, req.method ?? '', res.statusCode, (performance.now() - startedHr) / 1000);
  }
}
