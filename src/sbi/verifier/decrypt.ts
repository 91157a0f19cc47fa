/**
 * §13 checks 10–12: thumbprint selects our key, RSA-OAEP-256 unwraps the session key, AES-256-GCM
 * decrypts bioValue with the §4.3 IV/AAD, and the §5 hash chain is recomputed from SHA-256("").
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { decodeBase64 } from '../base64.js';
import { decryptBioValue, decryptSessionKey } from '../crypto/bio-crypto.js';
import { hashChain } from '../crypto/hash-chain.js';
import { certificateThumbprint, constantTimeEqual, thumbprintBytes } from '../crypto/thumbprint.js';
import { failure, type SbiVerifyFailure } from './codes.js';
import type { DecryptionKey } from './types.js';

/** A decryption key indexed by its certificate's SHA-256. */
export interface IndexedKey {
  thumbprint: Buffer;
  privateKey: KeyObject;
}

/** Prepares the configured keys once. */
export function indexKeys(keys: readonly DecryptionKey[]): IndexedKey[] {
  return keys.map((k) => ({
    thumbprint: Buffer.from(certificateThumbprint(k.certificatePem), 'hex'),
    privateKey: typeof k.privateKey === 'string' ? createPrivateKey(k.privateKey) : k.privateKey,
  }));
}

/** What decryption needs from one element. */
export interface EncryptedElement {
  thumbprint: string;
  sessionKey: string;
  bioValue: string;
  timestamp: string;
  transactionId: string;
}

/**
 * Decrypts every element. The IV/AAD use the element's own signed `timestamp` and `transactionId`
 * (the values the device encrypted with); the binding checks later compare them to expectations.
 */
export function decryptAll(elements: readonly EncryptedElement[], keys: readonly IndexedKey[]): { ok: true; isoRecords: Buffer[] } | SbiVerifyFailure {
  const isoRecords: Buffer[] = [];
  for (const [i, e] of elements.entries()) {
    const wanted = thumbprintBytes(e.thumbprint);
    let key: IndexedKey | undefined;
    for (const k of keys) if (wanted && constantTimeEqual(k.thumbprint, wanted) && !key) key = k;
    if (!key) return failure('unknown_thumbprint', i);
    let aesKey: Buffer;
    try {
      aesKey = decryptSessionKey(decodeBase64(e.sessionKey), key.privateKey);
    } catch {
      return failure('session_key_invalid', i);
    }
    try {
      isoRecords.push(decryptBioValue(decodeBase64(e.bioValue), aesKey, e.timestamp, e.transactionId));
    } catch {
      return failure('bio_value_decrypt_failed', i);
    } finally {
      aesKey.fill(0);
    }
  }
  return { ok: true, isoRecords };
}

/** IDA recomputes the chain over the whole array from SHA-256("") and compares exactly (§5). */
export function checkHashChain(hashes: readonly string[], isoRecords: readonly Uint8Array[]): SbiVerifyFailure | undefined {
  const expected = hashChain(isoRecords);
  for (const [i, h] of expected.entries()) {
    if (!constantTimeEqual(Buffer.from(h, 'utf8'), Buffer.from(hashes[i] ?? '', 'utf8'))) return failure('hash_mismatch', i);
  }
  return undefined;
}
