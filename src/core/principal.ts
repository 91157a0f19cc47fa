import { createContextKey, type HandlerContext } from "@connectrpc/connect";
import { signetError } from "./errors/index.js";

/**
 * Who is calling the core. Every call has one, set by the caller-authentication interceptor
 * before any handler runs: from the mutual-TLS client certificate, a bearer credential, the
 * in-process transport (the embedded gateway), or "anonymous".
 */
export type Role = "gateway" | "caller" | "admin";

export interface Principal {
  /** Stable name: `gateway`, `admin`, or the id of a configured caller. */
  readonly id: string;
  readonly roles: ReadonlySet<Role>;
  /** For the `caller` role: the client ids it may act for (a kiosk, a national-ID system). */
  readonly clientIds: ReadonlySet<string>;
  /** How it was established (for logs and metrics). */
  readonly via: "in-process" | "certificate" | "token" | "anonymous";
}

/** The call's principal, for interceptors and handlers. */
export const principalKey = createContextKey<Principal | undefined>(undefined, { description: "signet caller principal" });

/** The embedded gateway, calling through the in-process transport. */
export const inProcessGateway: Principal = { id: "gateway", roles: new Set(["gateway"]), clientIds: new Set(), via: "in-process" };

/**
 * The owner a transaction records at Authorize. Every gateway instance acts for the browser
 * bound to the transaction by its cookie and CSRF token, so gateways share one owner; a
 * direct caller owns the transactions it creates.
 */
export function ownerOf(principal: Principal): string {
  return principal.roles.has("gateway") ? "gateway" : `caller:${principal.id}`;
}

/** The principal of a call, if the chain set one (a handler called without the chain has none). */
export function principalOf(ctx: HandlerContext): Principal | undefined {
  return ctx.values.get(principalKey);
}

/**
 * Refuses a direct caller acting for a client it is not bound to (PERMISSION_DENIED, naming
 * the RPC). Gateways act for every client; checked where the client is known only inside the
 * handler (after client authentication or token verification).
 */
export function assertActsFor(ctx: HandlerContext, clientId: string): void {
  const p = principalOf(ctx);
  if (!p || p.roles.has("gateway") || !p.roles.has("caller")) return;
  if (!p.clientIds.has(clientId)) {
    throw signetError("permission_denied", `${ctx.method.name}: caller ${p.id} is not bound to client ${clientId}`);
  }
}

/**
 * Refuses a principal other than the one that created the transaction (PERMISSION_DENIED,
 * naming the RPC): a second caller who learns a transaction id and its CSRF token still
 * cannot advance it.
 */
export function assertOwns(ctx: HandlerContext | undefined, owner: string | undefined): void {
  const p = ctx && principalOf(ctx);
  if (!p || owner === undefined || ownerOf(p) === owner) return;
  throw signetError("permission_denied", `${ctx!.method.name}: the transaction belongs to another caller`);
}
