import { compactVerify, decodeProtectedHeader, importJWK, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { ASYMMETRIC_JWS_ALGS, type BindingMethod } from '../config/constants.js';
import { checkProofClaims } from './check-proof-claims.js';
import { invalidProof, type ProofResult } from './proof-result.js';
import { resolveProofKey } from './resolve-proof-key.js';

/** The `typ` a key proof JWT must carry (OpenID4VCI 1.0 Appendix F.1). */
export const PROOF_JWT_TYP = 'openid4vci-proof+jwt';

/** Inputs of {@link validateJwtProof}. */
export interface JwtProofOptions {
  /** Expected `aud`: the credential issuer identifier. */
  readonly credentialIssuer: string;
  /** The access token's `client_id`; `null` for anonymous pre-authorized access. */
  readonly clientId: string | null;
  /** The configuration's `proofTypes.jwt.signingAlgs`; only asymmetric algs are ever honoured. */
  readonly allowedAlgs: readonly string[];
  /** The configuration's binding methods: `jwk`, `did:jwk`, `did:key`. */
  readonly bindingMethods: readonly BindingMethod[];
  /** Current time, milliseconds since the epoch. */
  readonly now: number;
  /** Oldest acceptable `iat`, seconds before `now` (default 300). */
  readonly maxAgeSeconds?: number;
  /** How far `iat` may lie in the future, for clock skew (default 10). */
  readonly futureSkewSeconds?: number;
}

const F1 = '(OpenID4VCI 1.0 Appendix F.1)';
const ASYMMETRIC: readonly string[] = ASYMMETRIC_JWS_ALGS;

function checkHeader(header: ProtectedHeaderParameters, allowedAlgs: readonly string[]): string | undefined {
  if (header.typ !== PROOF_JWT_TYP) return `typ must be ${PROOF_JWT_TYP} ${F1}`;
  const alg = header.alg;
  if (typeof alg !== 'string' || !ASYMMETRIC.includes(alg)) {
    return `alg must be an asymmetric signature algorithm; none and MAC algorithms are refused ${F1}`;
  }
  if (!allowedAlgs.includes(alg)) return `alg ${alg} is not in proof_signing_alg_values_supported`;
  return undefined;
}

/**
 * Validates a `jwt` key proof (OpenID4VCI 1.0 Appendix F.1, §8.2.1.1) with the time passed in:
 * header (`typ`, asymmetric `alg`, exactly one of `jwk`/`kid`), the holder key, the signature made
 * with that key (jose), then `aud`, `iat` freshness, `exp`/`nbf`, `iss` and the presence of `nonce`.
 * The nonce is returned for the caller to consume atomically; this function does no I/O.
 */
export async function validateJwtProof(jwt: string, options: JwtProofOptions): Promise<ProofResult> {
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    return invalidProof(`proof must be a compact JWS ${F1}`);
  }
  const headerError = checkHeader(header, options.allowedAlgs);
  if (headerError) return invalidProof(headerError);
  const alg = header.alg as string;
  const key = resolveProofKey(header, options.bindingMethods);
  if (!key.ok) return invalidProof(key.description);

  let payload: JWTPayload;
  try {
    const verifyKey = await importJWK(key.jwk, alg);
    const verified = await compactVerify(jwt, verifyKey, { algorithms: [alg] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as JWTPayload;
  } catch {
    return invalidProof(`signature must verify with the key the header references, using alg ${alg} ${F1}`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return invalidProof('proof payload must be a JSON object (RFC 7519 §7.2)');
  }
  const claims = checkProofClaims(payload, {
    credentialIssuer: options.credentialIssuer,
    clientId: options.clientId,
    nowMs: options.now,
    maxAgeSeconds: options.maxAgeSeconds ?? 300,
    futureSkewSeconds: options.futureSkewSeconds ?? 10,
  });
  if ('ok' in claims) return claims;
  return { ok: true, holderJwk: key.jwk, holderDid: key.did, bindingMethod: key.bindingMethod, nonce: claims.nonce };
}
