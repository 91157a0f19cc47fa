/**
 * JWS verification with the signer's `x5c[0]` certificate (reference sbi.md §6.2 steps 1 and 3, §13
 * checks 4–6 and 8). Cheap checks first — shape, certificate count and sizes, then the key bounds of
 * every supplied certificate — and only then the bounded expensive ones: validity, the signature, and
 * the path to a trust anchor.
 */
import { X509Certificate } from 'node:crypto';
import * as x509 from './x509.js';
import { compactVerify } from 'jose';
import { decodeJwsUnverified, parseJsonObject } from '../jws-decode.js';
import { keyOutOfBounds } from './key-policy.js';
import { chainsTo, MAX_INTERMEDIATES, validAt, type TrustAnchor } from './trust.js';

/** Which JWS is checked, for the failure code prefix. */
export type JwsRole = 'data' | 'digital_id';

/** Outcome: the payload object, or which property failed. */
export type JwsCheck =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; failed: 'jws_malformed' | 'key_unsupported' | 'certificate_expired' | 'signature_invalid' | 'certificate_untrusted' };

const ALGORITHMS = ['RS256', 'PS256', 'EdDSA', 'Ed25519'];

/** Longest base64 certificate accepted in `x5c` (DER of a 4096-bit RSA certificate is about 1.5 KB). */
export const MAX_CERTIFICATE_BASE64 = 8192;

/** One x5c certificate, parsed by both libraries; undefined when it is not a certificate. */
function parseCertificate(entry: unknown): { node: X509Certificate; peculiar: x509.X509Certificate } | undefined {
  if (typeof entry !== 'string' || entry.length > MAX_CERTIFICATE_BASE64) return undefined;
  try {
    const der = Buffer.from(entry, 'base64');
    return { node: new X509Certificate(der), peculiar: new x509.X509Certificate(der) };
  } catch {
    return undefined;
  }
}

/** Verifies one compact JWS against its x5c and the trust anchors. */
export async function verifyX5cJws(jws: unknown, roots: readonly TrustAnchor[], now: number): Promise<JwsCheck> {
  const decoded = decodeJwsUnverified<Record<string, unknown>>(jws);
  const x5c = decoded?.header.x5c;
  // KM tolerates a single string (§6.2 step 1); a list holds the leaf and at most three CAs.
  const entries: unknown[] = Array.isArray(x5c) ? x5c : [x5c];
  if (!decoded || entries.length === 0 || entries.length > MAX_INTERMEDIATES + 1) return { ok: false, failed: 'jws_malformed' };
  const certs = entries.map(parseCertificate);
  if (certs.some((c) => c === undefined)) return { ok: false, failed: 'jws_malformed' };
  const [leaf, ...intermediates] = certs as NonNullable<(typeof certs)[number]>[];
  if (certs.some((c) => keyOutOfBounds(c!.node) !== undefined)) return { ok: false, failed: 'key_unsupported' };
  if (!validAt(leaf!.node, now)) return { ok: false, failed: 'certificate_expired' };
  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(jws as string, leaf!.node.publicKey, { algorithms: ALGORITHMS }));
  } catch {
    return { ok: false, failed: 'signature_invalid' };
  }
  if (!(await chainsTo(leaf!.peculiar, intermediates.map((c) => c.peculiar), roots, now))) return { ok: false, failed: 'certificate_untrusted' };
  const payload = parseJsonObject(new TextDecoder().decode(payloadBytes));
  return payload ? { ok: true, payload } : { ok: false, failed: 'jws_malformed' };
}
