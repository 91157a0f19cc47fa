import { createHash, timingSafeEqual } from "node:crypto";

/**
 * PKCE (RFC 7636), S256 only. A challenge is base64url(SHA-256(verifier)) without
 * padding: exactly 43 characters of the base64url alphabet (§4.2).
 */
const challengePattern = /^[A-Za-z0-9_-]{43}$/;
/** code_verifier = 43*128unreserved (§4.1). */
const verifierPattern = /^[A-Za-z0-9._~-]{43,128}$/;

/** Checks the authorization request's PKCE parameters; returns the broken rule or undefined. */
export function pkceRequestViolation(challenge: string, method: string): string | undefined {
  if (challenge === "") return "code_challenge is required (PKCE with S256, RFC 7636)";
  if (method === "plain") return "code_challenge_method plain is not supported; use S256";
  if (method !== "S256") return "code_challenge_method must be S256";
  if (!challengePattern.test(challenge)) return "code_challenge must be 43 base64url characters (SHA-256 of the verifier)";
  return undefined;
}

/** S256 transformation of a verifier (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/**
 * Verifies a token request's code_verifier against the stored challenge (RFC 7636 §4.6),
 * comparing in constant time. Returns the broken rule or undefined.
 */
export function pkceVerifierViolation(verifier: string, challenge: string): string | undefined {
  if (verifier === "") return "code_verifier is required";
  if (!verifierPattern.test(verifier)) return "code_verifier must be 43–128 unreserved characters (RFC 7636 §4.1)";
  const computed = Buffer.from(s256(verifier));
  const expected = Buffer.from(challenge);
  if (computed.length !== expected.length || !timingSafeEqual(computed, expected)) return "code_verifier does not match the code_challenge";
  return undefined;
}
