/**
 * Raw HTTP for the hostile cases a wallet library would refuse to send: hand-made key proofs,
 * credential requests of any shape, and a count of the credentials Signet says it issued.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { createLogger, type Logger } from "../../src/core/logger.js";

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export async function postCredential(issuer: string, accessToken: string, body: unknown): Promise<HttpAnswer> {
  const res = await fetch(`${issuer}/credential`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function freshNonce(issuer: string): Promise<string> {
  const res = await fetch(`${issuer}/nonce`, { method: "POST" });
  if (res.status !== 200) throw new Error(`nonce endpoint answered ${res.status}`);
  return ((await res.json()) as { c_nonce: string }).c_nonce;
}

/** A holder key pair and its public JWK. */
export async function newHolder(alg: "ES256" | "EdDSA" = "ES256") {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { ...pair, publicJwk: await exportJWK(pair.publicKey), alg };
}

export interface ProofOptions {
  readonly issuer: string;
  readonly clientId: string;
  readonly nonce: string;
  readonly signWith?: CryptoKey;
  readonly header?: Record<string, unknown>;
  readonly claims?: Record<string, unknown>;
}

/** A `jwt` key proof (OpenID4VCI 1.0 Appendix F.1), valid unless overridden. */
export async function proofJwt(o: ProofOptions): Promise<{ jwt: string; jwk: JWK }> {
  const holder = await newHolder();
  const jwt = await new SignJWT({ aud: o.issuer, iss: o.clientId, nonce: o.nonce, iat: Math.floor(Date.now() / 1000), ...o.claims })
    .setProtectedHeader({ alg: "ES256", typ: "openid4vci-proof+jwt", jwk: holder.publicJwk, ...o.header })
    .sign(o.signWith ?? holder.privateKey);
  return { jwt, jwk: holder.publicJwk };
}

/** An unsigned JWT (`alg: none`). */
export function unsignedJwt(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${b64(header)}.${b64(claims)}.`;
}

/** A logger that records `credential.issued` events: the issuer's own count of what it issued. */
export function issuanceLog(): { logger: Logger; issued(): number } {
  let count = 0;
  const logger = createLogger("info", (line) => {
    const entry = JSON.parse(line) as { msg: string; count?: number };
    if (entry.msg === "credential.issued") count += entry.count ?? 1;
  });
  return { logger, issued: () => count };
}
