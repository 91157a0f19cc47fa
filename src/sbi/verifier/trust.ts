/**
 * Certificate validity and path building to a trust domain (reference sbi.md §6.2 step 1: KM checks
 * the x5c[0] dates and that it chains to a CA registered for the partner domain).
 *
 * The path is built by `@peculiar/x509`'s X509ChainBuilder from the leaf's issuer upwards — each step
 * picks a certificate whose subject is the current issuer (and whose key id matches) and verifies one
 * signature — never trying every pair. The path is then checked as RFC 5280 §6.1 requires of a CA
 * path: it ends at a configured root, has at most {@link MAX_INTERMEDIATES} intermediates, every CA on
 * it is valid now, asserts basicConstraints cA with a pathLenConstraint that the path respects, and
 * (when it carries keyUsage) may sign certificates; the leaf's keyUsage, when present, allows
 * digitalSignature. Every certificate the capture supplied has passed the key bounds of
 * `key-policy.ts` before this runs, so each signature check is bounded too.
 */
import { X509Certificate as NodeCertificate } from 'node:crypto';
import * as x509 from './x509.js';

/** Intermediates accepted between a leaf and its root (x5c[1..3]). */
export const MAX_INTERMEDIATES = 3;

/** A trust anchor, parsed once for both libraries. */
export interface TrustAnchor {
  readonly node: NodeCertificate;
  readonly peculiar: x509.X509Certificate;
}

const parsedRoots = new WeakMap<readonly string[], TrustAnchor[]>();

/** Parses PEM trust anchors (cached per configured list). */
export function parseRoots(pems: readonly string[]): TrustAnchor[] {
  let anchors = parsedRoots.get(pems);
  if (!anchors) {
    anchors = pems.map((pem) => ({ node: new NodeCertificate(pem), peculiar: new x509.X509Certificate(pem) }));
    parsedRoots.set(pems, anchors);
  }
  return anchors;
}

/** Whether `now` lies within the certificate's validity. */
export function validAt(cert: NodeCertificate, now: number): boolean {
  return Date.parse(cert.validFrom) <= now && now <= Date.parse(cert.validTo);
}

const sameDer = (a: x509.X509Certificate, b: x509.X509Certificate): boolean => Buffer.from(a.rawData).equals(Buffer.from(b.rawData));

function basicConstraints(cert: x509.X509Certificate): x509.BasicConstraintsExtension | null {
  return cert.getExtension(x509.BasicConstraintsExtension);
}

function allows(cert: x509.X509Certificate, usage: x509.KeyUsageFlags): boolean {
  const ext = cert.getExtension(x509.KeyUsagesExtension);
  return !ext || (ext.usages & usage) !== 0;
}

/**
 * Whether `leaf` chains to one of `roots` through at most {@link MAX_INTERMEDIATES} of
 * `intermediates`, with every RFC 5280 CA constraint above satisfied at `now`.
 */
export async function chainsTo(
  leaf: x509.X509Certificate, intermediates: readonly x509.X509Certificate[], roots: readonly TrustAnchor[], now: number,
): Promise<boolean> {
  if (intermediates.length > MAX_INTERMEDIATES || roots.length === 0) return false;
  if (!allows(leaf, x509.KeyUsageFlags.digitalSignature)) return false;
  const rootCerts = roots.map((r) => r.peculiar);
  let path: x509.X509Certificate[];
  try {
    // Roots first, so a configured anchor is preferred over a copy the capture may carry.
    path = [...(await new x509.X509ChainBuilder({ certificates: [...rootCerts, ...intermediates] }).build(leaf))];
  } catch {
    return false;
  }
  // The path must reach a configured root (compared byte for byte); anything above it is ignored.
  const end = path.findIndex((cert, i) => i > 0 && rootCerts.some((root) => sameDer(root, cert)));
  if (end < 1 || end > MAX_INTERMEDIATES + 1) return false;
  const when = new Date(now);
  for (let i = 1; i <= end; i++) {
    const ca = path[i]!;
    if (when < ca.notBefore || when > ca.notAfter) return false;
    const bc = basicConstraints(ca);
    if (!bc?.ca) return false;
    // pathLenConstraint: how many intermediate CAs may follow this one toward the leaf (§4.2.1.9).
    if (bc.pathLength !== undefined && i - 1 > bc.pathLength) return false;
    if (!allows(ca, x509.KeyUsageFlags.keyCertSign)) return false;
  }
  return true;
}
