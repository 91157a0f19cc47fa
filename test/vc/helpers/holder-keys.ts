import { exportJWK, generateKeyPair, type CryptoKey, type JWK, SignJWT } from 'jose';

/** A wallet key pair for tests: the private CryptoKey and the public JWK. */
export interface HolderKey {
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly privateJwk: JWK;
}

/** Generates a holder key for `alg` (ES256 → P-256, EdDSA → Ed25519, PS256 → RSA). */
export async function holderKey(alg: 'ES256' | 'EdDSA' | 'PS256'): Promise<HolderKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  return { alg, privateKey, publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}

/** Signs a key proof; `header` and `claims` override the well-formed defaults. */
export async function signProof(
  key: HolderKey,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, typ: 'openid4vci-proof+jwt', ...header } as never)
    .sign(key.privateKey);
}

/** An unsigned (`alg: none`) compact JWT. */
export function unsignedJwt(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc(header)}.${enc(claims)}.`;
}
