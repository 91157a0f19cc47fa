/**
 * JWS verification with the signer's `x5c[0]` certificate (reference sbi.md §6.2 steps 1 and 3, §13
 * checks 4–6 and 8): shape and certificate parse, validity at `now`, signature, then trust.
 */
import { X509Certificate } from 'node:crypto';
import { compactVerify } from 'jose';
import { decodeJwsUnverified, parseJsonObject } from '../jws-decode.js';
import { chainsTo, validAt } from './trust.js';

/** Which JWS is checked, for the failure code prefix. */
export type JwsRole = 'data' | 'digital_id';

/** Outcome: the payload object, or which property failed. */
export type JwsCheck =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; failed: 'jws_malformed' | 'certificate_expired' | 'signature_invalid' | 'certificate_untrusted' };

const ALGORITHMS = ['RS256', 'PS256', 'EdDSA', 'Ed25519'];

/** Verifies one compact JWS against its x5c and the trust anchors. */
export async function verifyX5cJws(jws: unknown, roots: readonly X509Certificate[], now: number): Promise<JwsCheck> {
  const decoded = decodeJwsUnverified<Record<string, unknown>>(jws);
  const x5c = decoded?.header.x5c;
  const first = Array.isArray(x5c) ? x5c[0] : x5c; // KM tolerates a single string (§6.2 step 1)
  if (!decoded || typeof first !== 'string') return { ok: false, failed: 'jws_malformed' };
  let leaf: X509Certificate;
  let intermediates: X509Certificate[];
  try {
    leaf = new X509Certificate(Buffer.from(first, 'base64'));
    intermediates = (Array.isArray(x5c) ? x5c.slice(1, 4) : []).map((c) => new X509Certificate(Buffer.from(String(c), 'base64')));
  } catch {
    return { ok: false, failed: 'jws_malformed' };
  }
  if (!validAt(leaf, now)) return { ok: false, failed: 'certificate_expired' };
  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(jws as string, leaf.publicKey, { algorithms: ALGORITHMS }));
  } catch {
    return { ok: false, failed: 'signature_invalid' };
  }
  if (!chainsTo(leaf, intermediates, roots, now)) return { ok: false, failed: 'certificate_untrusted' };
  const payload = parseJsonObject(new TextDecoder().decode(payloadBytes));
  return payload ? { ok: true, payload } : { ok: false, failed: 'jws_malformed' };
}
