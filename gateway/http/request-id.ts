import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Interceptor } from '@connectrpc/connect';

/**
 * A new request id: 32 hex digits. Taken from randomUUID, which draws from a pooled entropy buffer
 * (about 0.5 µs) where randomBytes(16) asks the OS each time (about 4 µs); the id is not a secret.
 */
function newRequestId(): string {
  return randomUUID().replace(/-/g, '');
}

/** The id of the HTTP request being handled, for every core call it makes. */
const current = new AsyncLocalStorage<string>();

/** An id we accept from a proxy in front of us: short and log-safe. */
const acceptable = /^[A-Za-z0-9._:-]{8,128}$/;

/** The request's id: a well-formed `X-Request-Id` from a proxy in front, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const offered = req.headers['x-request-id'];
  return typeof offered === 'string' && acceptable.test(offered) ? offered : newRequestId();
}

/** Runs `fn` with `id` as the current request id. */
export function withRequestId<T>(id: string, fn: () => T): T {
  return current.run(id, fn);
}

/** Client interceptor: sends the current HTTP request's id to the core as `x-request-id`. */
export const propagateRequestId: Interceptor = (next) => (req) => {
  const id = current.getStore();
  if (id !== undefined && !req.header.has('x-request-id')) req.header.set('x-request-id', id);
  return next(req);
};

/** The id of the HTTP request being handled, if any (for log lines about it). */
export function currentRequestId(): string | undefined {
  return current.getStore();
}
