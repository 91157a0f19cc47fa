import { randomBytes } from 'node:crypto';

/** CSP nonces drawn at a time: one call into the CSPRNG per 256 pages (~7 µs each time). */
const NONCES_PER_DRAW = 256;
let nonceBytes = Buffer.alloc(0);
let nonceAt = 0;

/** A fresh CSP nonce (CSP Level 3 §6.7.5: at least 128 bits, base64); every byte is used once. */
export function newNonce(): string {
  if (nonceAt === nonceBytes.length) {
    nonceBytes = randomBytes(16 * NONCES_PER_DRAW);
    nonceAt = 0;
  }
  nonceAt += 16;
  return nonceBytes.toString('base64', nonceAt - 16, nonceAt);
}

/**
 * The CSP `form-action` source for a redirect target. Chrome applies
 * `form-action` to the redirects that follow a form post, so the page that ends
 * the flow (303 to the client's redirect URI) must allow that URI's origin; a
 * custom-scheme URI (native apps, RFC 8252 §7.1) is allowed by its scheme.
 */
export function formActionSource(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
    return /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) ? url.protocol : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Security headers for every HTML page: a nonce-based CSP with nothing else
 * allowed to run, no framing (clickjacking on the login page), no referrer (the
 * URL of /authorize carries request parameters), and no caching (pages carry the
 * transaction's CSRF token).
 */
export function pageHeaders(nonce: string, formTargets: readonly string[] = [], connectSources: readonly string[] = []): Record<string, string> {
  const formAction = ["'self'", ...formTargets].join(' ');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "img-src 'self' https: data:",
    ...(connectSources.length ? [`connect-src ${connectSources.join(' ')}`] : []),
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
  };
}
