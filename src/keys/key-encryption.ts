import { createCipheriv, createDecipheriv, createPrivateKey, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** Raised when a stored private key cannot be decrypted: almost always the wrong key-encryption key. */
export class KeyDecryptionError extends Error {
  override readonly name = 'KeyDecryptionError';
  constructor(kid: string) {
    super(
      `cannot decrypt signing key ${kid}: the configured keyEncryptionKey is not the one that encrypted it ` +
        '(or the stored key was altered)',
    );
  }
}

const VERSION = 'v1';

/** Binds a ciphertext to its row, so a private key copied onto another kid fails to decrypt. */
const aad = (kid: string) => Buffer.from(`signet-signing-key:${kid}`);

/**
 * Encrypts a private key (PKCS#8 DER) with AES-256-GCM under the key-encryption key.
 * Format: `v1.<iv>.<ciphertext>.<tag>`, base64url parts; a fresh 96-bit IV each time (NIST SP 800-38D §8.2.2).
 */
export function encryptPrivateKey(kek: Buffer, kid: string, privateKey: KeyObject): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv).setAAD(aad(kid));
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const ciphertext = Buffer.concat([cipher.update(der), cipher.final()]);
  return [VERSION, iv, ciphertext, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** Reverses {@link encryptPrivateKey}. @throws KeyDecryptionError */
export function decryptPrivateKey(kek: Buffer, kid: string, sealed: string): KeyObject {
  const [version, iv, ciphertext, tag] = sealed.split('.');
  if (version !== VERSION || !iv || !ciphertext || !tag) throw new KeyDecryptionError(kid);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64url')).setAAD(aad(kid));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const der = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    // The GCM tag check failed; the cause says nothing more useful and must not echo key material.
    throw new KeyDecryptionError(kid);
  }
}
