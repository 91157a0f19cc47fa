/**
 * Test certificates for the simulator with @peculiar/x509 on Node's WebCrypto (reference sbi.md §6.1,
 * §11 "Keys and certificates"). RSA 2048 / sha256WithRSA like MockMDS. Test use only.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const crypto = webcrypto as unknown as Crypto;
const RSA: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256',
};

/** A key pair with its certificate. */
export interface CertifiedKey {
  keys: CryptoKeyPair;
  certificate: x509.X509Certificate;
}

/** Generates an extractable RSA 2048 signing key pair (RS256). */
export async function generateSigningKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
}

/** Self-signed CA certificate. */
export async function createCa(keys: CryptoKeyPair, name: string, notBefore: Date, notAfter: Date): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.createSelfSigned({
    name, keys, notBefore, notAfter, serialNumber: randomSerial(), signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
    ],
  }, crypto);
}

/** Leaf certificate for `publicKey` issued by `issuer` (a self-signed issuer when `issuer.certificate` is its own). */
export async function issueLeaf(
  publicKey: CryptoKey, subject: string, issuer: { certificate: x509.X509Certificate; privateKey: CryptoKey },
  notBefore: Date, notAfter: Date,
): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create({
    subject, issuer: issuer.certificate.subject, publicKey, signingKey: issuer.privateKey,
    notBefore, notAfter, serialNumber: randomSerial(), signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  }, crypto);
}

/** Self-signed certificate for a leaf key: chains to nothing, used for the "untrusted" faults. */
export async function selfSignedLeaf(keys: CryptoKeyPair, subject: string, notBefore: Date, notAfter: Date): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.createSelfSigned({
    name: subject, keys, notBefore, notAfter, serialNumber: randomSerial(), signingAlgorithm: RSA,
  }, crypto);
}

/** PKCS#8 PEM of a private key. */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
}

/** Re-imports a key pair from PKCS#8 PEM plus its certificate. */
export async function importKeys(keyPem: string, certificatePem: string): Promise<CertifiedKey> {
  const der = Buffer.from(keyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const privateKey = await crypto.subtle.importKey('pkcs8', der, RSA, true, ['sign']);
  const certificate = new x509.X509Certificate(certificatePem);
  const publicKey = await certificate.publicKey.export(RSA, ['verify'], crypto);
  return { keys: { privateKey, publicKey }, certificate };
}

function randomSerial(): string {
  const b = webcrypto.getRandomValues(new Uint8Array(12));
  b[0] = b[0]! & 0x7f;
  return Buffer.from(b).toString('hex');
}
