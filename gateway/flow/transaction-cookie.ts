import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse, serialize } from 'cookie';
import type { Transaction } from '../../src/gen/signet/v1/identity_pb.js';
import type { GatewayContext } from '../context.js';

/**
 * The cookie that binds a login transaction to the browser that started it.
 * Its value is an HMAC of the transaction id under a gateway key, so knowing a
 * transaction id and its CSRF token (both in the page) is not enough to drive
 * the transaction from another browser. With https the `__Host-` prefix
 * (RFC 6265bis §4.1.3.2) stops sibling domains from planting it.
 */
export function cookieName(ctx: Pick<GatewayContext, 'secureCookies'>): string {
  return ctx.secureCookies ? '__Host-signet_txn' : 'signet_txn';
}

function binding(key: Buffer, transactionId: string): string {
  return createHmac('sha256', key).update(transactionId, 'utf8').digest('base64url');
}

/**
 * Sets the binding cookie: HttpOnly, SameSite=Lax (sent with the same-site form
 * posts, not with cross-site ones), Secure on https, living as long as the
 * transaction.
 */
export function setTransactionCookie(res: ServerResponse, ctx: GatewayContext, tx: Transaction): void {
  const expires = tx.expireTime ? Number(tx.expireTime.seconds) * 1000 - ctx.now() : 0;
  const maxAge = expires > 0 ? Math.ceil(expires / 1000) : undefined;
  const value = serialize(cookieName(ctx), binding(ctx.cookieKey, tx.transactionId), {
    httpOnly: true,
    secure: ctx.secureCookies,
    sameSite: 'lax',
    path: '/',
    ...(maxAge !== undefined ? { maxAge } : {}),
  });
  res.appendHeader('Set-Cookie', value);
}

/** Clears the binding cookie once the flow has left the pages. */
export function clearTransactionCookie(res: ServerResponse, ctx: GatewayContext): void {
  res.appendHeader(
    'Set-Cookie',
    serialize(cookieName(ctx), '', { httpOnly: true, secure: ctx.secureCookies, sameSite: 'lax', path: '/', maxAge: 0 }),
  );
}

/** Whether the request's cookie binds this browser to `transactionId`. */
export function cookieMatches(req: IncomingMessage, ctx: GatewayContext, transactionId: string): boolean {
  const sent = parse(req.headers.cookie ?? '')[cookieName(ctx)];
  if (!sent) return false;
  const expected = Buffer.from(binding(ctx.cookieKey, transactionId));
  const actual = Buffer.from(sent);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
