/**
 * Browser-safe base64 and base64url (RFC 4648 §4, §5) on `@scure/base`, so the client bundle needs no
 * Node polyfills. Decoding accepts both alphabets, padded or not, and ignores whitespace (§9.7).
 *
 * Decoding is linear in the input and refuses text longer than `maxLength` before any work: the text
 * comes from devices and browsers (SBI captures), and must not be able to stall the process.
 */
import { base64, base64nopad, base64urlnopad } from '@scure/base';

/** Which base64 flavour to emit. */
export type Base64Variant = 'base64' | 'base64url';

/** Default input bound of {@link decodeBase64}: 1 MiB of text (the largest SBI field is 512 KiB). */
export const MAX_BASE64_TEXT = 1024 * 1024;

/** Encodes bytes as padded standard base64 or unpadded base64url. */
export function encodeBase64(bytes: Uint8Array, variant: Base64Variant = 'base64'): string {
  return variant === 'base64' ? base64.encode(bytes) : base64urlnopad.encode(bytes);
}

const WHITESPACE = /[\t\n\f\r ]/g;
const URL_CHARS = /[-_]/g;

/**
 * Decodes any of the four base64 variants (std/url, padded or not); whitespace is ignored.
 * Throws `RangeError` for text longer than `maxLength`, `SyntaxError` for characters outside both
 * alphabets, more than two `=`, or an impossible length. Linear time: every step is one pass
 * (no backtracking pattern such as `/=+$/`, which is quadratic on a run of `=`).
 */
export function decodeBase64(text: string, maxLength = MAX_BASE64_TEXT): Uint8Array {
  if (text.length > maxLength) throw new RangeError(`base64 text longer than ${maxLength} characters`);
  const compact = text.replace(WHITESPACE, '');
  let end = compact.length;
  while (end > 0 && compact.charCodeAt(end - 1) === 0x3d) end--;
  if (compact.length - end > 2) throw new SyntaxError('invalid base64 padding');
  if (end % 4 === 1) throw new SyntaxError('invalid base64 length');
  const standard = compact.slice(0, end).replace(URL_CHARS, (c) => (c === '-' ? '+' : '/'));
  try {
    return base64nopad.decode(standard);
  } catch (err) {
    throw new SyntaxError(`invalid base64: ${(err as Error).message}`);
  }
}

/** UTF-8 string → base64 / base64url. */
export function encodeBase64Text(text: string, variant: Base64Variant = 'base64'): string {
  return encodeBase64(new TextEncoder().encode(text), variant);
}

/** base64 / base64url → UTF-8 string (fatal on invalid UTF-8). */
export function decodeBase64Text(text: string, maxLength = MAX_BASE64_TEXT): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64(text, maxLength));
}
