import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest form the demo reads (its forms carry a few short fields). */
const MAX_FORM_BYTES = 8 * 1024;

/** Reads a URL-encoded form body, refusing bodies over 8 KiB. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** A fresh CSP nonce. */
export function nonce(): string {
  return randomBytes(16).toString('base64');
}

/** Sends an HTML page with a strict CSP: no script at all, styles by nonce, forms to the demo or the issuer. */
export function sendHtml(res: ServerResponse, status: number, body: string, styleNonce: string, issuerOrigin: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${styleNonce}'; img-src 'self' data:; form-action 'self' ${issuerOrigin}; frame-ancestors 'none'; base-uri 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/** A 303 to `location` (after a form post, or to the authorization endpoint). */
export function seeOther(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': 0, ...headers });
  res.end();
}
