/**
 * `error_description` may hold only %x20-21 / %x23-5B / %x5D-7E
 * (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3): printable ASCII without `"` and `\`.
 * Signet sends no `error_uri`. Every description the gateway sends — from the core or its own — passes through
 * here, so no request value is reflected raw and none is unbounded.
 */
const ALLOWED = /^[\x20-\x21\x23-\x5b\x5d-\x7e]$/;

const STAND_INS: Readonly<Record<string, string>> = {
  '\u2013': '-', '\u2014': '-', '\u2018': "'", '\u2019': "'", '\u201c': "'", '\u201d': "'", '"': "'", '\\': '/',
  '\u00a7': 'section ', '\u2026': '...', '\u2192': '->', '\u2265': '>=', '\u2264': '<=', '\u00d7': 'x',
  '\t': ' ', '\n': ' ', '\r': ' ',
};

/** Longest description the gateway sends. */
export const MAX_DESCRIPTION = 512;

/**
 * The RFC 6749-safe, bounded form of a description: other characters become a
 * readable stand-in or `?`, and text beyond `max` characters is cut with `...`.
 * Reads at most `max` characters of the input.
 */
export function oauthText(text: string, max = MAX_DESCRIPTION): string {
  let out = '';
  let read = 0;
  for (const ch of text) {
    if (out.length >= max) break;
    out += ALLOWED.test(ch) ? ch : (STAND_INS[ch] ?? '?');
    read += ch.length;
  }
  if (read < text.length || out.length > max) out = `${out.slice(0, max - 3)}...`;
  return out;
}
