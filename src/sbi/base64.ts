/**
 * Browser-safe base64 and base64url (RFC 4648 §4, §5) without Buffer, so the client bundle needs no
 * Node polyfills. Decoding accepts both alphabets, padded or not, and ignores whitespace (§9.7).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));
LOOKUP.set('-', 62);
LOOKUP.set('_', 63);

/** Which base64 flavour to emit. */
export type Base64Variant = 'base64' | 'base64url';

/** Encodes bytes as padded standard base64 or unpadded base64url. */
export function encodeBase64(bytes: Uint8Array, variant: Base64Variant = 'base64'): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = [n >> 18, (n >> 12) & 63, (n >> 6) & 63, n & 63].map((v) => ALPHABET[v]);
    const keep = Math.min(4, bytes.length - i + 1);
    out += chars.slice(0, keep).join('') + '='.repeat(4 - keep);
  }
  return variant === 'base64' ? out : out.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * Decodes any of the four base64 variants (std/url, padded or not); whitespace is ignored.
 * Throws `SyntaxError` on characters outside both alphabets or an impossible length.
 */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '').replace(/=+$/, '');
  if (clean.length % 4 === 1) throw new SyntaxError('invalid base64 length');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of clean) {
    const v = LOOKUP.get(c);
    if (v === undefined) throw new SyntaxError('invalid base64 character');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** UTF-8 string → base64 / base64url. */
export function encodeBase64Text(text: string, variant: Base64Variant = 'base64'): string {
  return encodeBase64(new TextEncoder().encode(text), variant);
}

/** base64 / base64url → UTF-8 string (fatal on invalid UTF-8). */
export function decodeBase64Text(text: string): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64(text));
}
