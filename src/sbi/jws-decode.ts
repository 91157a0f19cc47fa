/**
 * Unverified JWS/JSON decoding for display and routing, as the eSignet UI does with `jose.decodeJwt`
 * (SBI 0.9.5 §3). Trust decisions belong to the verifier, never to these helpers. The JWS parts are
 * decoded by jose (`decodeProtectedHeader`, `decodeJwt`, imported by subpath so the browser bundle
 * of the SBI client takes only them); only the unsigned base64(JSON) of §2 uses the local base64
 * helper, because devices may send it in either alphabet, padded or not.
 */
import { decodeProtectedHeader } from 'jose/decode/protected_header';
import { decodeJwt } from 'jose/jwt/decode';
import { decodeBase64Text } from './base64.js';
import type { SbiJwsHeader } from './types.js';

/** A compact JWS split into its decoded header, decoded payload object and raw parts. */
export interface DecodedJws<T> {
  header: SbiJwsHeader;
  payload: T;
}

/** Whether `value` looks like a compact JWS (three base64url segments). */
export function isCompactJws(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value);
}

/** Parses JSON text into a plain object, or `undefined` when it is not one. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes a compact JWS without verifying it; `undefined` if it is not one with JSON object parts. */
export function decodeJwsUnverified<T>(jws: unknown): DecodedJws<T> | undefined {
  if (!isCompactJws(jws)) return undefined;
  try {
    const header = decodeProtectedHeader(jws);
    const payload = decodeJwt(jws);
    return { header: header as unknown as SbiJwsHeader, payload: payload as T };
  } catch {
    return undefined;
  }
}

/**
 * Decodes a value that is either a compact JWS or an unsigned base64url(JSON) (§2: discovery and
 * unregistered device info are unsigned). Returns the payload and whether it was signed.
 */
export function decodeMaybeSigned<T>(value: unknown): { payload: T; signed: boolean } | undefined {
  const jws = decodeJwsUnverified<T>(value);
  if (jws) return { payload: jws.payload, signed: true };
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const payload = parseJsonObject(decodeBase64Text(value));
    return payload ? { payload: payload as T, signed: false } : undefined;
  } catch {
    return undefined;
  }
}
