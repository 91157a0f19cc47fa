/**
 * Reading the claims an identity system returns from KycExchange, plain or signed, as
 * untrusted input: the shape is checked (claim names, value types, sizes), a signed
 * answer must verify against the identity system's published keys and name the client as
 * its audience, and only claims the person accepted are kept — so an identity system
 * that returns more than was asked cannot make Signet release it.
 */
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { IdentitySystemUnavailableError } from '../identity-error.js';
import type { AddressClaim, KycClaims } from '../../core/ports/identity.js';

/** `claim` or `claim#locale` (OIDC Core §5.2). */
const CLAIM_KEY = /^([A-Za-z_][A-Za-z0-9_]{0,63})(#[A-Za-z0-9-]{1,35})?$/;
const MAX_VALUE_CHARS = 1_000_000;
/** Members a signed answer carries besides the claims (identity_system.proto). */
const ENVELOPE = new Set(['aud', 'iat', 'iss', 'exp', 'nbf', 'jti']);
const SIGNED_ALGS = ['ES256', 'EdDSA', 'PS256', 'RS256'];

const violation = (message: string) => new IdentitySystemUnavailableError('KycExchange', 'contract_violation', message);

function checkValue(key: string, value: unknown): string | number | boolean | AddressClaim {
  if (typeof value === 'string') {
    if (value.length > MAX_VALUE_CHARS) throw violation(`claim ${key} is too long`);
    return value;
  }
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const out: AddressClaim = {};
    for (const [k, v] of Object.entries(value)) {
      if (!CLAIM_KEY.test(k) || typeof v !== 'string' || v.length > MAX_VALUE_CHARS) throw violation(`claim ${key} has a malformed member`);
      out[k] = v;
    }
    return out;
  }
  throw violation(`claim ${key} has an unsupported value type`);
}

/**
 * The accepted claims of a plain answer. Throws a contract violation for anything that
 * is not an object of well-formed claims; silently drops claims nobody accepted.
 */
export function acceptedClaims(raw: unknown, accepted: readonly string[]): KycClaims {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw violation('the claims are not a JSON object');
  const allowed = new Set(accepted);
  const out: KycClaims = {};
  for (const [key, value] of Object.entries(raw)) {
    const m = CLAIM_KEY.exec(key);
    if (!m) throw violation('a claim name is malformed');
    if (!allowed.has(m[1]!)) continue;
    out[key] = checkValue(key, value);
  }
  return out;
}

/** Looks up the identity system's signing keys, refreshing them when a `kid` is unknown. */
export type SigningKeys = (kid: string | undefined) => Promise<JSONWebKeySet>;

/**
 * Verifies a signed answer (compact JWS over the claims plus `aud` and `iat`) and returns
 * its accepted claims. A bad signature, an unknown key or another audience is a contract
 * violation: Signet never releases claims it cannot attribute to the identity system.
 */
export async function verifiedClaims(jws: string, keys: SigningKeys, clientId: string, accepted: readonly string[]): Promise<KycClaims> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(jws);
    kid = header.kid;
    if (!header.alg || !SIGNED_ALGS.includes(header.alg)) throw new Error(`alg ${String(header.alg)} is not accepted`);
  } catch (err) {
    throw violation(`signed claims: ${(err as Error).message}`);
  }
  let payload: Record<string, unknown>;
  try {
    const { payload: bytes } = await compactVerify(jws, createLocalJWKSet(await keys(kid)), { algorithms: SIGNED_ALGS });
    payload = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof IdentitySystemUnavailableError) throw err;
    throw violation(`signed claims do not verify (${(err as Error).name})`);
  }
  if (typeof payload !== 'object' || payload === null || payload.aud !== clientId) throw violation('signed claims are for another audience');
  const claims = Object.fromEntries(Object.entries(payload).filter(([k]) => !ENVELOPE.has(k)));
  return acceptedClaims(claims, accepted);
}
