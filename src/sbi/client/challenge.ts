/**
 * Encodes a capture for eSignet's authenticate call: `challenge` of a BIO `encoded-json` factor
 * (reference sbi.md §9.4, §9.7).
 */
import { encodeBase64Text, type Base64Variant } from '../base64.js';
import type { CaptureBiometric } from '../capture-types.js';

/** Options for {@link encodeBiometricsChallenge}. */
export interface ChallengeOptions {
  /**
   * "base64" (padded standard, what the eSignet UI sends) or "base64url" (unpadded, what the Java IDA
   * plugin decodes). Default "base64url".
   */
  variant?: Base64Variant;
  /** Drop each element's `error` as the older eSignet UI did; default true. */
  stripError?: boolean;
}

/** `base64(JSON.stringify(biometrics))` in the chosen variant. */
export function encodeBiometricsChallenge(
  biometrics: readonly CaptureBiometric[], options: ChallengeOptions = {},
): string {
  const strip = options.stripError ?? true;
  const list = biometrics.map((b) => {
    if (!strip) return b;
    const { error: _error, ...rest } = b;
    return rest;
  });
  return encodeBase64Text(JSON.stringify(list), options.variant ?? 'base64url');
}

/** The challenge list item eSignet expects (§9.4). */
export function bioChallengeItem(challenge: string): { authFactorType: 'BIO'; challenge: string; format: 'encoded-json' } {
  return { authFactorType: 'BIO', challenge, format: 'encoded-json' };
}
