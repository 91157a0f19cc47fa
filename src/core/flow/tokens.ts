import { constants, hash, sign, type KeyObject } from "node:crypto";
import type { JWTPayload } from "jose";
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
 *
 * The JWS Compact Serialization (RFC 7515 §7.1) is built here over node:crypto: jose's signing
 * goes through WebCrypto, which costs ~130 µs for an ES256 signature on this machine against
 * ~40 µs for the same signature from node:crypto. ES256 (ECDSA P-256, the r‖s form of RFC 7518
 * §3.4) and EdDSA (Ed25519, RFC 8037) sign synchronously; RSA (RS256, PS256 with a 32-byte salt, RFC 7518 §3.3 and §3.5)
 * takes a millisecond or more, so it runs on the thread pool, off the event loop. Verification
 * stays with jose.
 */
export function signWith(key: ActiveSigningKey, typ: string, payload: JWTPayload): Promise<string> {
  const input = `${base64urlJson({ alg: key.alg, kid: key.kid, typ })}.${base64urlJson(payload)}`;
  const data = Buffer.from(input);
  const done = (signature: Buffer) => `${input}.${signature.toString("base64url")}`;
  if (key.alg === "ES256") return Promise.resolve(done(sign("sha256", data, { key: key.privateKey, dsaEncoding: "ieee-p1363" })));
  if (key.alg === "EdDSA") return Promise.resolve(done(sign(null, data, key.privateKey)));
  const alg = key.alg;
  if (alg !== "RS256" && alg !== "PS256") return Promise.reject(new Error(`no signer for ${String(alg)}`));
  const rsa = rsaKey(alg, key.privateKey);
  return new Promise((resolve, reject) =>
    sign("sha256", data, rsa, (err, signature) => (err ? reject(err) : resolve(done(signature)))),
  );
}

function rsaKey(alg: "RS256" | "PS256", key: KeyObject) {
  return alg === "PS256" ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : { key, padding: constants.RSA_PKCS1_PADDING };
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
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
  return hash("sha256", accessToken, "buffer").subarray(0, 16).toString("base64url"); // an access token is ASCII: its UTF-8 octets are its ASCII octets
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
