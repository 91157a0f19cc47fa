/**
 * Hostile inputs for `npm run bench:hostile`, each beside a normal request of the same endpoint.
 * Every value here is one a caller can send without any credential.
 */
import 'reflect-metadata';
import { createPublicKey, generateKeyPairSync, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { CompactSign } from "jose";

const crypto = webcrypto as unknown as Crypto;
const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

/** The encoded-json BIO challenge that stalled the old decoder: valid base64 then a run of `=`. */
export function equalsRunChallenge(run: number): string {
  return `${"e30".repeat(200)}${"=".repeat(run)}x`;
}

/**
 * One SBI record whose `data` JWS carries an x5c leaf with a 4097-bit RSA public exponent, issued by
 * a self-made CA: the forged chain that made verification about 20 times as costly as a real one.
 */
export async function hugeExponentRecord(): Promise<{ specVersion: string; data: string; hash: string; sessionKey: string; thumbprint: string }> {
  const signer = await crypto.subtle.generateKey({ ...RSA, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, ["sign", "verify"]);
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 4096 });
  const e = Buffer.concat([Buffer.from([1]), Buffer.alloc(511), Buffer.from([1])]).toString("base64url");
  const spki = createPublicKey({ key: { ...publicKey.export({ format: "jwk" }), e }, format: "jwk" }).export({ type: "spki", format: "der" });
  const now = Date.now();
  const leaf = await x509.X509CertificateGenerator.create({
    subject: "CN=forged device", issuer: "CN=forged CA", publicKey: new Uint8Array(spki).buffer as unknown as CryptoKey, signingKey: signer.privateKey,
    notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 86_400_000), serialNumber: "01", signingAlgorithm: RSA,
  }, crypto);
  const payload = { bioType: "Finger", bioSubType: "UNKNOWN", purpose: "Auth", bioValue: "x", timestamp: new Date().toISOString(), transactionId: "x", digitalId: "x" };
  const data = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "RS256", x5c: [Buffer.from(leaf.rawData).toString("base64")] })
    .sign(signer.privateKey);
  return { specVersion: "0.9.5", data, hash: "A".repeat(64), sessionKey: "A".repeat(342), thumbprint: "A".repeat(64) };
}
