/**
 * The characters RFC 6749 allows in `error_description` (§4.1.2.1, §5.2; RFC 6750 §3 for the
 * header): %x20-21 / %x23-5B / %x5D-7E — printable ASCII without `"` and `\`.
 */
const ALLOWED = /^[\x20-\x21\x23-\x5b\x5d-\x7e]$/;

/** Readable stand-ins for the non-ASCII characters Signet's own messages use. */
const STAND_INS: Readonly<Record<string, string>> = {
  "\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": "'", "\u201d": "'", '"': "'", "\\": "/",
  "\u00a7": "section ", "\u2026": "...", "\u2192": "->", "\u2265": ">=", "\u2264": "<=", "\u00d7": "x",
  "\t": " ", "\n": " ", "\r": " ",
};

/** Longest description sent (the ErrorDetail.error_description contract limit). */
export const MAX_DESCRIPTION_LENGTH = 512;

/**
 * Makes a description safe to send to a relying party: characters outside the RFC 6749 set
 * become a stand-in (`–` → `-`, `§` → `section `) or `?`, and the text is cut at `max`
 * characters with `...`. Descriptions may quote request values (an unknown prompt, a claim
 * name), so this is what keeps attacker text from being reflected raw. Linear, and it reads
 * no more than `max` characters of the input whatever its length.
 */
export function safeDescription(text: string, max = MAX_DESCRIPTION_LENGTH): string {
  let out = "";
  let i = 0;
  for (const ch of text) {
    if (out.length >= max) break;
    out += ALLOWED.test(ch) ? ch : (STAND_INS[ch] ?? "?");
    i += ch.length;
  }
  if (i < text.length || out.length > max) out = `${out.slice(0, max - 3)}...`;
  return out;
}
