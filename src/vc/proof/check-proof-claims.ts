import type { JWTPayload } from 'jose';
import { type InvalidProof, invalidProof, ProofError } from './proof-result.js';

/** What the proof's claims are checked against; times in seconds except `nowMs`. */
export interface ProofClaimsPolicy {
  readonly credentialIssuer: string;
  /** The access token's client; `null` for anonymous pre-authorized access (then `iss` must be absent). */
  readonly clientId: string | null;
  readonly nowMs: number;
  readonly maxAgeSeconds: number;
  readonly futureSkewSeconds: number;
}

const F1 = '(OpenID4VCI 1.0 Appendix F.1)';

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Checks the claims of a signature-verified proof; `nonce` on success, the failure otherwise. */
export function checkProofClaims(payload: JWTPayload, policy: ProofClaimsPolicy): { nonce: string } | InvalidProof {
  const now = policy.nowMs / 1000;
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(policy.credentialIssuer)) return invalidProof(`aud must be the credential issuer identifier ${F1}`);
  if (!isNumericDate(payload.iat)) return invalidProof(`iat is required and must be a NumericDate ${F1}`);
  if (payload.iat > now + policy.futureSkewSeconds) {
    return invalidProof(`iat must not be in the future (allowed skew ${policy.futureSkewSeconds}s)`);
  }
  if (now - payload.iat > policy.maxAgeSeconds) {
    return invalidProof(`iat is older than the ${policy.maxAgeSeconds}s freshness window`);
  }
  if (payload.exp !== undefined && (!isNumericDate(payload.exp) || payload.exp <= now - policy.futureSkewSeconds)) {
    return invalidProof('exp, when present, must be a NumericDate in the future (RFC 7519 §4.1.4)');
  }
  if (payload.nbf !== undefined && (!isNumericDate(payload.nbf) || payload.nbf > now + policy.futureSkewSeconds)) {
    return invalidProof('nbf, when present, must be a NumericDate not after now (RFC 7519 §4.1.5)');
  }
  if (policy.clientId === null && payload.iss !== undefined) {
    return invalidProof(`iss must be omitted for anonymous pre-authorized access ${F1}`);
  }
  if (policy.clientId !== null && payload.iss !== undefined && payload.iss !== policy.clientId) {
    return invalidProof(`iss must be the client_id of the client making the request ${F1}`);
  }
  if (typeof payload.nonce !== 'string' || payload.nonce.length === 0) {
    return { ok: false, error: ProofError.InvalidNonce, description: `nonce claim is required: fetch a c_nonce from the nonce endpoint ${F1}` };
  }
  return { nonce: payload.nonce };
}
