import { child, type ErrorSink, isNonEmptyString, isRecord } from './json-checks.js';
import type { ClaimDisplay, CredentialDisplay } from './types.js';

const LOCALE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/; // BCP 47 language tag shape (RFC 5646 §2.1)
const COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/; // CSS hex colour (OpenID4VCI 1.0 §12.2.4)
const DISPLAY_MEMBERS = ['name', 'locale', 'description', 'logo', 'backgroundColor', 'textColor'];

/** Records an error for every member of `value` not in `allowed` (catches snake_case typos). */
export function rejectUnknownMembers(
  sink: ErrorSink, path: string, value: Record<string, unknown>, allowed: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) sink.fail(child(path, key), `is not a known member (allowed: ${allowed.join(', ')})`);
  }
}

function checkLocale(sink: ErrorSink, path: string, locale: unknown): void {
  if (locale !== undefined && (typeof locale !== 'string' || !LOCALE.test(locale))) {
    sink.fail(path, 'must be a BCP 47 language tag such as en or fr-CA');
  }
}

function checkLogo(sink: ErrorSink, path: string, logo: unknown): void {
  if (!isRecord(logo)) return sink.fail(path, 'must be an object');
  rejectUnknownMembers(sink, path, logo, ['uri', 'altText']);
  if (typeof logo.uri !== 'string' || !/^(https:\/\/|data:)/.test(logo.uri)) {
    sink.fail(child(path, 'uri'), 'must be an https: or data: URI');
  }
  if (logo.altText !== undefined && !isNonEmptyString(logo.altText)) {
    sink.fail(child(path, 'altText'), 'must be a non-empty string');
  }
}

/** Validates credential display entries (optional; absent means none). */
export function validateCredentialDisplay(sink: ErrorSink, path: string, value: unknown): CredentialDisplay[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    sink.fail(path, 'must be an array');
    return [];
  }
  value.forEach((entry, i) => {
    const at = child(path, i);
    if (!isRecord(entry)) return sink.fail(at, 'must be an object');
    rejectUnknownMembers(sink, at, entry, DISPLAY_MEMBERS);
    if (!isNonEmptyString(entry.name)) sink.fail(child(at, 'name'), 'is required and must be a non-empty string');
    checkLocale(sink, child(at, 'locale'), entry.locale);
    if (entry.description !== undefined && !isNonEmptyString(entry.description)) {
      sink.fail(child(at, 'description'), 'must be a non-empty string');
    }
    if (entry.logo !== undefined) checkLogo(sink, child(at, 'logo'), entry.logo);
    for (const key of ['backgroundColor', 'textColor'] as const) {
      if (entry[key] !== undefined && (typeof entry[key] !== 'string' || !COLOR.test(entry[key]))) {
        sink.fail(child(at, key), 'must be a CSS hex colour such as #12AB34');
      }
    }
  });
  return value as CredentialDisplay[];
}

/** Validates claim display entries: `[{ name, locale? }]`. */
export function validateClaimDisplay(sink: ErrorSink, path: string, value: unknown): ClaimDisplay[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    sink.fail(path, 'must be an array');
    return [];
  }
  value.forEach((entry, i) => {
    const at = child(path, i);
    if (!isRecord(entry)) return sink.fail(at, 'must be an object');
    rejectUnknownMembers(sink, at, entry, ['name', 'locale']);
    if (!isNonEmptyString(entry.name)) sink.fail(child(at, 'name'), 'is required and must be a non-empty string');
    checkLocale(sink, child(at, 'locale'), entry.locale);
  });
  return value as ClaimDisplay[];
}
