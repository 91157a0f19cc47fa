import { createCipheriv, createDecipheriv } from "node:crypto";
import { secureRandom } from "./random.js";

/**
 * The one format Signet encrypts data at rest with (signing keys, sealed KYC tokens and nonces):
 * AES-256-GCM, `v1.<iv>.<ciphertext>.<tag>` in base64url, a fresh 96-bit IV each time (NIST SP
 * 800-38D §8.2.2) and additional authenticated data naming what the value is and whose it is
 * (e.g. `signet-signing-key:<kid>`), so a ciphertext copied onto another row or used for
 * another purpose fails to open. The version prefix lets a later format be told apart.
 */
const VERSION = "v1";

/** The value could not be opened: wrong key, wrong AAD, altered, or not an envelope. */
export class EnvelopeError extends Error {
  override readonly name = "EnvelopeError";
}

/** Whether `value` has the shape of an envelope (any version). */
export function isEnvelope(value: string): boolean {
  return /^v\d+\./.test(value);
}

/** Encrypts `plaintext` under the 32-byte `key`, bound to `aad`. */
export function seal(key: Uint8Array, plaintext: string | Uint8Array, aad: string): string {
  const iv = secureRandom(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, ...[iv, ciphertext, cipher.getAuthTag()].map((p) => p.toString("base64url"))].join(".");
}

/** Reverses {@link seal}. @throws EnvelopeError — never with key material or plaintext in it. */
export function open(key: Uint8Array, sealed: string, aad: string): Buffer {
  const [version, iv, ciphertext, tag, extra] = sealed.split(".");
  if (version !== VERSION || !iv || ciphertext === undefined || !tag || extra !== undefined) {
    throw new EnvelopeError("not a v1 envelope");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url")).setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]);
  } catch {
    throw new EnvelopeError("the envelope does not open with this key and context");
  }
}
