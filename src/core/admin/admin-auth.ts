import { createHash, timingSafeEqual } from "node:crypto";
import type { HandlerContext } from "@connectrpc/connect";
import { signetError } from "../errors.js";

/**
 * Checks the admin credential: `authorization: Bearer <token>` compared in constant time
 * (both sides hashed first so their lengths cannot leak either).
 */
export function isAdminRequest(ctx: HandlerContext, adminToken: string): boolean {
  const header = ctx.requestHeader.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const presented = createHash("sha256").update(match?.[1] ?? "").digest();
  const expected = createHash("sha256").update(adminToken).digest();
  return match !== null && timingSafeEqual(presented, expected);
}

type Method = (req: never, ctx: HandlerContext) => unknown;

/**
 * Wraps every method of a service implementation so that it runs only for a caller
 * presenting the admin token; others get UNAUTHENTICATED before any work is done.
 */
export function requireAdmin<T extends Record<string, Method>>(impl: T, adminToken: string): T {
  const guarded: Record<string, Method> = {};
  for (const [name, fn] of Object.entries(impl)) {
    guarded[name] = (req, ctx) => {
      if (!isAdminRequest(ctx, adminToken)) {
        throw signetError("unauthenticated", "the admin credential is missing or wrong (authorization: Bearer <admin token>)");
      }
      return fn(req, ctx);
    };
  }
  return guarded as T;
}
