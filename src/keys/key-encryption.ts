import { createPrivateKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { open, seal } from '../crypto/envelope.js';

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

/** Binds a ciphertext to its row, so a private key copied onto another kid fails to decrypt. */
const aad = (kid: string) => `signet-signing-key:${kid}`;

/**
 * Encrypts a private key (PKCS#8 DER) under the key-encryption key, in the one envelope format
 * (src/crypto/envelope.ts: AES-256-GCM `v1.<iv>.<ciphertext>.<tag>`), bound to its kid. Keys
 * stored before the envelope was shared used this very format, so they read unchanged.
 */
export function encryptPrivateKey(kek: Buffer, kid: string, privateKey: KeyObject): string {
  return seal(kek, privateKey.export({ format: 'der', type: 'pkcs8' }), aad(kid));
}

/** Reverses {@link encryptPrivateKey}. @throws KeyDecryptionError */
export function decryptPrivateKey(kek: Buffer, kid: string, sealed: string): KeyObject {
  try {
    return createPrivateKey({ key: open(kek, sealed, aad(kid)), format: 'der', type: 'pkcs8' });
  } catch {
    // The GCM tag check failed; the cause says nothing more useful and must not echo key material.
    throw new KeyDecryptionError(kid);
  }
}
