import { createDecipheriv, createHmac, hkdfSync } from "node:crypto";
import { isEnvelope, open, seal } from "../crypto/envelope.js";

export { randomAlphanumeric, randomToken } from "../crypto/random.js";
export { matchesHash, sha256 as hashSecret } from "../crypto/hash.js";

/** What a sealed value is; bound into its envelope, so one kind cannot stand in for another. */
export type SealPurpose = "kyc_token" | "nonce";

/**
 * Server-side secrets derived from one root secret with HKDF (RFC 5869): one key per
 * purpose, so a leak of one derived value reveals nothing about the others.
 */
export interface ServerSecrets {
  /** HMAC-SHA-256 keyed for `purpose`, base64url (individual-id hashes, pairwise subjects). */
  mac(purpose: string, value: string): string;
  /**
   * Encrypts a small secret stored at rest (the identity system's kycToken, the OIDC nonce) in
   * the one envelope format (src/crypto/envelope.ts), bound to its purpose.
   */
  seal(purpose: SealPurpose, plaintext: string): string;
  /** Reverses {@link seal}; throws if the value was altered or sealed for another purpose. */
  unseal(purpose: SealPurpose, sealed: string): string;
  /**
   * The pairwise subject identifier for a person at a sector (OIDC Core §8.1):
   * HMAC(salt, sector ‖ subjectId). Keyed by its own salt, so rotating the key-encryption
   * key never changes anyone's `sub`.
   */
  pairwiseSubject(sector: string, subjectId: string): string;
}

const aadOf = (purpose: SealPurpose) => `signet-sealed:${purpose}`;

/**
 * The format sealed values had before the envelope: base64url(iv ‖ tag ‖ ciphertext), no AAD.
 * Still read, so transactions, codes and access tokens stored before an upgrade keep working
 * until they expire (the longest is an access token's lifetime); nothing writes it any more.
 */
function openLegacy(key: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

export function createServerSecrets(root: Uint8Array, pairwiseSalt?: string): ServerSecrets {
  if (root.length < 32) throw new Error("server secret root must be at least 32 bytes");
  const derive = (info: string) => Buffer.from(hkdfSync("sha256", root, Buffer.alloc(0), `signet ${info}`, 32));
  const macKeys = new Map<string, Buffer>();
  const sealKey = derive("seal");
  const pairwiseKey = pairwiseSalt ? Buffer.from(pairwiseSalt, "utf8") : derive("pairwise");
  return {
    pairwiseSubject(sector, subjectId) {
      return createHmac("sha256", pairwiseKey).update(`${sector}\n${subjectId}`).digest("base64url");
    },
    mac(purpose, value) {
      let key = macKeys.get(purpose);
      if (!key) macKeys.set(purpose, (key = derive(`mac ${purpose}`)));
      return createHmac("sha256", key).update(value).digest("base64url");
    },
    seal(purpose, plaintext) {
      return seal(sealKey, plaintext, aadOf(purpose));
    },
    unseal(purpose, sealed) {
      return isEnvelope(sealed) ? open(sealKey, sealed, aadOf(purpose)).toString("utf8") : openLegacy(sealKey, sealed);
    },
  };
}
