import type { ServerResponse } from 'node:http';
import { oauthText } from '../errors/oauth-text.js';

/** Header set for responses carrying tokens, codes or personal data (RFC 6749 §5.1). */
export const NO_STORE: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
};

/** CORS for public metadata: any origin may read it (no credentials involved). */
export const CORS_ANY: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
};

/**
 * Seconds a client is asked to wait (`Retry-After`, RFC 9110 §10.2.3) before retrying a 503:
 * long enough for a restarting database or a replaced instance, short enough not to strand
 * a resident on a login page.
 */
export const RETRY_AFTER_SECONDS = 5;

/** Adds `Retry-After` to a 503 that does not carry one; other statuses pass through. */
export function withRetryAfter(
  status: number,
  headers: Readonly<Record<string, string | number>>,
): Readonly<Record<string, string | number>> {
  if (status !== 503 || Object.keys(headers).some((h) => h.toLowerCase() === 'retry-after')) return headers;
  return Object.assign({}, headers, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
}

/**
 * RFC 6749 §5.2: an error body's `error_description` holds only the allowed
 * characters and is bounded; every JSON error of the gateway is sent here.
 */
function safeErrorBody(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const description = (body as Record<string, unknown>)['error_description'];
  return typeof description === 'string' ? Object.assign({}, body, { error_description: oauthText(description) }) : body;
}

/** Sends a JSON body with the given status and extra headers (a 503 gets `Retry-After`). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(safeErrorBody(body));
  res.writeHead(
    status,
    Object.assign({}, withRetryAfter(status, headers), {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'X-Content-Type-Options': 'nosniff',
    }),
  );
  res.end(text);
}

/** Sends a body of the given content type (a 503 gets `Retry-After`). */
export function sendBody(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(
    status,
    Object.assign({}, withRetryAfter(status, headers), {
      'Content-Type': contentType,
      'Content-Length': Buffer.byteLength(body),
      'X-Content-Type-Options': 'nosniff',
    }),
  );
  res.end(body);
}

/**
 * Redirects the user agent. 302 answers a GET (RFC 6749 §4.1.2.1 examples);
 * 303 answers a form POST so the browser follows with a GET (RFC 9110 §15.4.4).
 * `no-store`: the location may carry an authorization code.
 */
export function redirect(res: ServerResponse, status: 302 | 303, location: string): void {
  res.writeHead(status, { Location: location, ...NO_STORE, 'Content-Length': 0 });
  res.end();
}

/** Appends query parameters to a URL, skipping empty values. */
export function withQuery(url: string, params: Readonly<Record<string, string>>): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params)) {
    if (value) target.searchParams.append(name, value);
  }
  return target.toString();
}
