import { randomUUID } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import type { RegisteredClient } from "./signet.js";

/** A private_key_jwt client assertion (RFC 7523 §2.2) for `client`, with overridable claims. */
export async function clientAssertion(
  client: RegisteredClient,
  audience: string,
  overrides: JWTPayload & { header?: Record<string, unknown> } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const { header, ...claims } = overrides;
  return new SignJWT({ iss: client.clientId, sub: client.clientId, aud: audience, jti: randomUUID(), iat: now, exp: now + 60, ...claims })
    .setProtectedHeader({ alg: client.alg, ...header })
    .sign(client.privateKey);
}
