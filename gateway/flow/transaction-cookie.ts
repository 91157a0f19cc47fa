import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse, serialize } from 'cookie';
import type { Transaction } from '../../src/gen/signet/v1/identity_pb.js';
import type { GatewayContext } from '../context.js';

/**
 * The cookies that bind login transactions to the browser that started them: one per
 * transaction, so a second tab, or another application sending the browser to /authorize,
 * opens a login of its own without breaking one already open. Knowing a transaction id and
 * its CSRF token (both in the page) is not enough to drive the transaction from another
 * browser. With https the `__Host-` prefix (RFC 6265bis §4.1.3.2) stops sibling domains from
 * planting them.
 *
 * Name: the prefix and a keyed tag of the transaction id (so the name reveals nothing).
 * Value: `<issued at, ms>.<request tag>.<transaction id>.<csrf token>`, where the request tag is
 * a keyed hash of the authorization request, so reloading the login page (the same request
 * again) shows the same transaction instead of replaying its nonce.
 */
const MAX_BINDINGS = 8;

/** The `Set-Cookie` options every binding shares: HttpOnly, SameSite=Lax (sent with same-site form posts and top-level navigations), Secure on https. */
function options(ctx: GatewayContext, maxAge: number | undefined) {
  return { httpOnly: true, secure: ctx.secureCookies, sameSite: 'lax' as const, path: '/', ...(maxAge !== undefined ? { maxAge } : {}) };
}

function prefix(ctx: Pick<GatewayContext, 'secureCookies'>): string {
  return ctx.secureCookies ? '__Host-signet_txn_' : 'signet_txn_';
}

function tag(key: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\n${value}`, 'utf8').digest('base64url').slice(0, 22);
}

/** The name of the cookie binding `transactionId`. */
export function bindingName(ctx: Pick<GatewayContext, 'secureCookies' | 'cookieKey'>, transactionId: string): string {
  return prefix(ctx) + tag(ctx.cookieKey, 'transaction', transactionId);
}

/** The tag of an authorization request (its parameters as sent). */
export function requestTag(ctx: Pick<GatewayContext, 'cookieKey'>, request: string): string {
  return tag(ctx.cookieKey, 'request', request);
}

/** One binding read back from a cookie. */
interface Binding {
  readonly name: string;
  readonly issuedAt: number;
  readonly requestTag: string;
  readonly transactionId: string;
  readonly csrfToken: string;
}

/** The well-formed bindings the request carries. */
function bindings(req: IncomingMessage, ctx: GatewayContext): Binding[] {
  const out: Binding[] = [];
  for (const [name, value] of Object.entries(parse(req.headers.cookie ?? ''))) {
    if (!name.startsWith(prefix(ctx)) || value === undefined) continue;
    const [issued, request, transactionId, csrfToken, extra] = value.split('.');
    if (extra !== undefined || !issued || !/^\d{1,15}$/.test(issued) || !request || !transactionId || !csrfToken) continue;
    out.push({ name, issuedAt: Number(issued), requestTag: request, transactionId, csrfToken });
  }
  return out;
}

/**
 * Binds a new transaction to this browser, opened for the authorization request `request`.
 * Living as long as the transaction. At most {@link MAX_BINDINGS} are kept: the oldest go, so
 * the cookie header stays small however many logins are started.
 */
export function setTransactionCookie(req: IncomingMessage, res: ServerResponse, ctx: GatewayContext, tx: Transaction, request: string): void {
  const expires = tx.expireTime ? Number(tx.expireTime.seconds) * 1000 - ctx.now() : 0;
  const maxAge = expires > 0 ? Math.ceil(expires / 1000) : undefined;
  const value = [ctx.now(), requestTag(ctx, request), tx.transactionId, tx.csrfToken].join('.');
  res.appendHeader('Set-Cookie', serialize(bindingName(ctx, tx.transactionId), value, options(ctx, maxAge)));
  const others = bindings(req, ctx).sort((a, b) => b.issuedAt - a.issuedAt);
  for (const old of others.slice(MAX_BINDINGS - 1)) res.appendHeader('Set-Cookie', serialize(old.name, '', options(ctx, 0)));
}

/** Removes the binding of `transactionId` once the flow has left the pages. */
export function clearTransactionCookie(res: ServerResponse, ctx: GatewayContext, transactionId: string): void {
  res.appendHeader('Set-Cookie', serialize(bindingName(ctx, transactionId), '', options(ctx, 0)));
}

/**
 * The transaction this browser opened for the authorization request `request`, if its
 * binding is still there: what a reload of the login page shows again.
 */
export function boundToRequest(req: IncomingMessage, ctx: GatewayContext, request: string): { transactionId: string; csrfToken: string } | undefined {
  const wanted = requestTag(ctx, request);
  const found = bindings(req, ctx)
    .filter((b) => b.requestTag === wanted && b.name === bindingName(ctx, b.transactionId))
    .sort((a, b) => b.issuedAt - a.issuedAt)[0];
  return found ? { transactionId: found.transactionId, csrfToken: found.csrfToken } : undefined;
}

/** Whether this browser's cookie binds it to `transactionId` with this CSRF token (constant-time). */
export function cookieMatches(req: IncomingMessage, ctx: GatewayContext, transactionId: string, csrfToken: string): boolean {
  const name = bindingName(ctx, transactionId);
  const binding = bindings(req, ctx).find((b) => b.name === name && b.transactionId === transactionId);
  if (!binding) return false;
  const expected = Buffer.from(binding.csrfToken);
  const actual = Buffer.from(csrfToken);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
