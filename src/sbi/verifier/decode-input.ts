/**
 * §13 checks 1–3: the input decodes to biometrics elements with the five string fields, and none
 * carries a device error.
 */
import { decodeBase64Text } from '../base64.js';
import type { CaptureBiometric } from '../capture-types.js';
import { failure, type SbiVerifyFailure } from './codes.js';
import type { SbiVerifyInput } from './types.js';

/** eSignet's BIO challenge length bounds (§9.4). */
export const CHALLENGE_LENGTH = { min: 500, max: 500_000 } as const;

const FIELDS = ['data', 'hash', 'sessionKey', 'thumbprint', 'specVersion'] as const;

/** Decodes and shape-checks the input. Accepts all four base64 variants (§9.7). */
export function decodeBiometrics(input: SbiVerifyInput): { ok: true; elements: CaptureBiometric[] } | SbiVerifyFailure {
  let list: unknown = input;
  if (typeof input === 'string') {
    if (input.length < CHALLENGE_LENGTH.min || input.length > CHALLENGE_LENGTH.max) return failure('invalid_challenge');
    try {
      list = JSON.parse(decodeBase64Text(input));
    } catch {
      return failure('invalid_challenge');
    }
  } else if (!Array.isArray(input)) {
    list = (input as { biometrics?: unknown } | null)?.biometrics;
  }
  if (!Array.isArray(list) || list.length === 0) return failure('invalid_challenge');
  for (const [i, e] of list.entries()) {
    if (e === null || typeof e !== 'object' || !FIELDS.every((f) => typeof (e as Record<string, unknown>)[f] === 'string')) {
      return failure('invalid_challenge', i);
    }
    const code = (e as CaptureBiometric).error?.errorCode;
    if (code !== undefined && String(code) !== '0') {
      return failure(`sbi_error_${/^[0-9]{1,4}$/.test(String(code)) ? String(code) : 'unknown'}`, i);
    }
  }
  return { ok: true, elements: list as CaptureBiometric[] };
}
