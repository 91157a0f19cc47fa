/**
 * `bioValue` encryption exactly as MockMDS and IDA do it (reference sbi.md §4.3). Node only.
 */
import {
  constants, createCipheriv, createDecipheriv, privateDecrypt, publicEncrypt, randomBytes, type KeyObject,
} from 'node:crypto';
import { certificateThumbprint } from './thumbprint.js';

const IV_BYTES = 12; // ida.salt.lastbytes.num
const AAD_BYTES = 16; // ida.aad.lastbytes.num
const TAG_BYTES = 16;

/**
 * XOR of the UTF-8 bytes of `timestamp` and `transactionId`, the shorter left-padded with 0x00
 * (IDA `BytesUtil.getXOR`), then IV = last 12 bytes, AAD = last 16 bytes (§4.3 steps 2–3).
 */
export function deriveIvAndAad(timestamp: string, transactionId: string): { iv: Buffer; aad: Buffer } {
  const a = Buffer.from(timestamp, 'utf8');
  const b = Buffer.from(transactionId, 'utf8');
  const len = Math.max(a.length, b.length, AAD_BYTES);
  const pa = Buffer.concat([Buffer.alloc(len - a.length), a]);
  const pb = Buffer.concat([Buffer.alloc(len - b.length), b]);
  const xor = Buffer.alloc(len);
  for (let i = 0; i < len; i++) xor[i] = pa[i]! ^ pb[i]!;
  return { iv: xor.subarray(len - IV_BYTES), aad: xor.subarray(len - AAD_BYTES) };
}

/** The three encrypted fields of one capture element. */
export interface EncryptedBio {
  /** base64url(ciphertext ‖ tag), unpadded. */
  bioValue: string;
  /** base64url(RSA-OAEP-256(session key)), unpadded. */
  sessionKey: string;
  /** Uppercase hex SHA-256 of the certificate DER. */
  thumbprint: string;
}

/** Encrypts an ISO record for the ID system certificate (§4.3 steps 1–6). */
export function encryptBioValue(
  isoRecord: Uint8Array, timestamp: string, transactionId: string, encryptionCertificatePem: string,
): EncryptedBio {
  const key = randomBytes(32);
  const { iv, aad } = deriveIvAndAad(timestamp, transactionId);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(isoRecord), cipher.final(), cipher.getAuthTag()]);
  const sessionKey = publicEncrypt(
    { key: encryptionCertificatePem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, key);
  key.fill(0);
  return {
    bioValue: ct.toString('base64url'),
    sessionKey: sessionKey.toString('base64url'),
    thumbprint: certificateThumbprint(encryptionCertificatePem),
  };
}

/** RSA-OAEP-SHA256 unwrap of the session key; throws unless it yields 32 bytes (§4.3 step 5). */
export function decryptSessionKey(sessionKey: Uint8Array, privateKey: KeyObject): Buffer {
  const key = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, sessionKey);
  if (key.length !== 32) throw new Error('session key is not 256 bits');
  return key;
}

/** AES-256-GCM decryption of `bioValue` bytes (ciphertext ‖ tag); throws on a bad tag. */
export function decryptBioValue(bioValue: Uint8Array, key: Uint8Array, timestamp: string, transactionId: string): Buffer {
  if (bioValue.length <= TAG_BYTES) throw new Error('bioValue too short');
  const { iv, aad } = deriveIvAndAad(timestamp, transactionId);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(bioValue.subarray(bioValue.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bioValue.subarray(0, bioValue.length - TAG_BYTES)), decipher.final()]);
}
