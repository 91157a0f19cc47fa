import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/** A fresh random secret of `bytes` bytes (≥ 16 = 128 bits), base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** SHA-256 base64url: what the store keeps instead of a code, token, nonce or jti. */
export function hashSecret(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

/** Constant-time check that `presented` hashes to `storedHash`. */
export function matchesHash(presented: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const a = Buffer.from(hashSecret(presented));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random alphanumeric string without modulo bias (SBI transactionId, c_nonce shapes). */
export function randomAlphanumeric(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += alnum[byte % 62];
    }
  }
  return out;
}

/**
 * Server-side secrets derived from one root secret with HKDF (RFC 5869): one key per
 * purpose, so a leak of one derived value reveals nothing about the others.
 */
export interface ServerSecrets {
  /** HMAC-SHA-256 keyed for `purpose`, base64url (individual-id hashes, pairwise subjects). */
  mac(purpose: string, value: string): string;
  /** AES-256-GCM encryption of a small secret stored at rest (e.g. the identity system's kycToken). */
  seal(plaintext: string): string;
  /** Reverses {@link seal}; throws if the value was altered. */
  unseal(sealed: string): string;
  /**
   * The pairwise subject identifier for a person at a sector (OIDC Core §8.1):
   * HMAC(salt, sector ‖ subjectId). Keyed by its own salt, so rotating the key-encryption
   * key never changes anyone's `sub`.
   */
  pairwiseSubject(sector: string, subjectId: string): string;
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
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", sealKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    },
    unseal(sealed) {
      const raw = Buffer.from(sealed, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", sealKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}
