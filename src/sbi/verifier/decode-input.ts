/**
 * §13 checks 1–3: the input decodes to biometrics elements with the five string fields, and none
 * carries a device error. These run before any cryptography, with the other cheap checks: the number
 * of elements, the size of each field, and no element repeated.
 */
import { decodeBase64Text } from '../base64.js';
import type { CaptureBiometric } from '../capture-types.js';
import { failure, type SbiVerifyFailure } from './codes.js';
import type { SbiVerifyInput } from './types.js';

/** eSignet's BIO challenge length bounds (§9.4). */
export const CHALLENGE_LENGTH = { min: 500, max: 500_000 } as const;

/** Most elements one capture may hold (ten fingers; two irises; one face). */
export const MAX_ELEMENTS = 10;

/**
 * Longest accepted value per field (the signet.v1.BiometricRecord contract limits): `data` carries
 * two certificates, the digital id and the encrypted ISO record; a 4096-bit RSA session key is 683
 * base64url characters; hash and thumbprint are 64 hex digits.
 */
export const FIELD_LIMITS = { data: 524_288, hash: 128, sessionKey: 1024, thumbprint: 128, specVersion: 16 } as const;

const FIELDS = Object.keys(FIELD_LIMITS) as (keyof typeof FIELD_LIMITS)[];

/** Decodes and shape-checks the input. Accepts all four base64 variants (§9.7). */
export function decodeBiometrics(input: SbiVerifyInput): { ok: true; elements: CaptureBiometric[] } | SbiVerifyFailure {
  let list: unknown = input;
  if (typeof input === 'string') {
    // Refused before decoding, so an oversized challenge costs nothing.
    if (input.length < CHALLENGE_LENGTH.min || input.length > CHALLENGE_LENGTH.max) return failure('invalid_challenge');
    try {
      list = JSON.parse(decodeBase64Text(input, CHALLENGE_LENGTH.max));
    } catch {
      return failure('invalid_challenge');
    }
  } else if (!Array.isArray(input)) {
    list = (input as { biometrics?: unknown } | null)?.biometrics;
  }
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_ELEMENTS) return failure('invalid_challenge');
  const seen = new Set<string>();
  for (const [i, e] of list.entries()) {
    const fields = e as Record<string, unknown>;
    if (e === null || typeof e !== 'object' || !FIELDS.every((f) => typeof fields[f] === 'string' && (fields[f] as string).length <= FIELD_LIMITS[f])) {
      return failure('invalid_challenge', i);
    }
    const code = (e as CaptureBiometric).error?.errorCode;
    if (code !== undefined && String(code) !== '0') {
      return failure(`sbi_error_${/^[0-9]{1,4}$/.test(String(code)) ? String(code) : 'unknown'}`, i);
    }
    const data = fields['data'] as string;
    if (seen.has(data)) return failure('duplicate_record', i);
    seen.add(data);
  }
  return { ok: true, elements: list as CaptureBiometric[] };
}
