import { createHash, randomBytes } from "node:crypto";

/** A fresh PKCE verifier and its S256 challenge (RFC 7636 §4.1–§4.2). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}
