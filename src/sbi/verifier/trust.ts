/**
 * Certificate validity and chain building to a trust domain (reference sbi.md §6.2 step 1: KM checks
 * the x5c[0] dates and that it chains to a CA registered for the partner domain).
 */
import { X509Certificate } from 'node:crypto';

/** Parses PEM trust anchors once. */
export function parseRoots(pems: readonly string[]): X509Certificate[] {
  return pems.map((pem) => new X509Certificate(pem));
}

/** Whether `now` lies within the certificate's validity. */
export function validAt(cert: X509Certificate, now: number): boolean {
  return Date.parse(cert.validFrom) <= now && now <= Date.parse(cert.validTo);
}

/**
 * Whether `leaf` chains to one of `roots`: directly, or through `intermediates` (x5c[1..], at most
 * three) that are themselves valid CAs at `now`. Every link's signature is verified.
 */
export function chainsTo(leaf: X509Certificate, intermediates: readonly X509Certificate[], roots: readonly X509Certificate[], now: number): boolean {
  const issuedBy = (child: X509Certificate, parent: X509Certificate): boolean => {
    try {
      return child.checkIssued(parent) && child.verify(parent.publicKey);
    } catch {
      return false;
    }
  };
  const walk = (cert: X509Certificate, depth: number): boolean => {
    if (roots.some((root) => validAt(root, now) && issuedBy(cert, root))) return true;
    if (depth >= 3) return false;
    return intermediates.some((ca) => ca !== cert && ca.ca && validAt(ca, now) && issuedBy(cert, ca) && walk(ca, depth + 1));
  };
  return walk(leaf, 0);
}
