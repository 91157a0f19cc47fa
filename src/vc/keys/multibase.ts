/**
 * Multibase base58btc (prefix `z`), the encoding did:key and Multikey use for public keys
 * (W3C Controlled Identifiers 1.0 §2.2.2; draft-multiformats-multibase), on `@scure/base`.
 * Base58 decoding is quadratic in the length by nature, so callers bound the input first
 * (did:key ids longer than any supported key are refused before decoding).
 */
import { base58 } from '@scure/base';

/** Base58btc (Bitcoin alphabet) encoding of `bytes`, without the multibase prefix. */
export function base58btcEncode(bytes: Uint8Array): string {
  return base58.encode(bytes);
}

/** Decodes base58btc text; returns `undefined` for a character outside the alphabet. */
export function base58btcDecode(text: string): Uint8Array | undefined {
  try {
    return base58.decode(text);
  } catch {
    return undefined;
  }
}

/** Multibase text `z…` for `bytes`. */
export function multibaseEncode(bytes: Uint8Array): string {
  return `z${base58btcEncode(bytes)}`;
}

/** Decodes multibase text; only the base58btc prefix `z` is accepted. */
export function multibaseDecode(text: string): Uint8Array | undefined {
  return text.startsWith('z') ? base58btcDecode(text.slice(1)) : undefined;
}
