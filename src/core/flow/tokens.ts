import { createHash } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import type { ActiveSigningKey, KeyManager } from "../../keys/key-manager.js";
import { defaultSigningAlg, signingAlgs, type SigningAlg } from "../oidc-profile.js";
import { randomToken } from "../secrets.js";

/** Signs a JWT with the provider's active token key for `alg` (header `kid`, `typ`). */
export async function signToken(keys: KeyManager, alg: SigningAlg, typ: string, payload: JWTPayload, nowMs: number): Promise<string> {
  return signWith(await keys.signingKey("token", alg, nowMs), typ, payload);
}

/**
 * Signs a JWT with a key already fetched (header `kid`, `typ`): pure computation, so it may run
 * inside a unit of work, where fetching a key (which may reload keys from the store) must not.
 */
export function signWith(key: ActiveSigningKey, typ: string, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ }).sign(key.privateKey);
}

/** The client's chosen signing alg, or the provider default. */
export function clientAlg(chosen: string): SigningAlg {
  return (signingAlgs as readonly string[]).includes(chosen) ? (chosen as SigningAlg) : defaultSigningAlg;
}

/**
 * `at_hash` (OIDC Core §3.1.3.6): the left half of the hash of the access token's ASCII
 * octets, base64url. Every supported alg (RS256, PS256, ES256) uses SHA-256.
 */
export function atHash(accessToken: string): string {
  return createHash("sha256").update(accessToken, "ascii").digest().subarray(0, 16).toString("base64url");
}

export interface AccessTokenInput {
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  readonly clientId: string;
  readonly scope: string;
  readonly authTime: number;
  readonly acr: string;
  readonly lifetimeSeconds: number;
  readonly nowMs: number;
  readonly extra?: JWTPayload;
}

/** The algorithm access tokens are signed with (resource servers verify one algorithm). */
export const accessTokenAlg: SigningAlg = "ES256";

/** An RFC 9068 access token: `typ` `at+jwt`, with iss, exp, aud, sub, client_id, iat, jti; `key` is an {@link accessTokenAlg} token key. */
export async function mintAccessToken(key: ActiveSigningKey, t: AccessTokenInput): Promise<string> {
  const iat = Math.floor(t.nowMs / 1000);
  return signWith(key, "at+jwt", {
    iss: t.issuer,
    sub: t.subject,
    aud: t.audience,
    client_id: t.clientId,
    iat,
    exp: iat + t.lifetimeSeconds,
    jti: randomToken(16),
    auth_time: Math.floor(t.authTime / 1000),
    ...(t.acr ? { acr: t.acr } : {}),
    ...(t.scope ? { scope: t.scope } : {}),
    ...t.extra,
  });
}

export interface IdTokenInput {
  readonly issuer: string;
  readonly subject: string;
  readonly clientId: string;
  readonly nonce: string | null;
  readonly authTime: number;
  readonly acr: string;
  readonly amr: readonly string[];
  readonly accessToken: string;
  readonly lifetimeSeconds: number;
  readonly nowMs: number;
}

/** The ID token (OIDC Core §2, §3.1.3.6), signed with `key` (a token key of the client's alg). */
export async function mintIdToken(key: ActiveSigningKey, t: IdTokenInput): Promise<string> {
  const iat = Math.floor(t.nowMs / 1000);
  return signWith(key, "JWT", {
    iss: t.issuer,
    sub: t.subject,
    aud: t.clientId,
    iat,
    exp: iat + t.lifetimeSeconds,
    auth_time: Math.floor(t.authTime / 1000),
    ...(t.nonce ? { nonce: t.nonce } : {}),
    acr: t.acr,
    amr: [...t.amr],
    at_hash: atHash(t.accessToken),
  });
}
