import {
  ASYMMETRIC_JWS_ALGS, BINDING_METHODS, CREDENTIAL_FORMATS, CREDENTIAL_SIGNING_ALGS, type CredentialFormat,
} from './constants.js';
import { child, type ErrorSink, isNonEmptyString, isRecord, stringList } from './json-checks.js';
import type { CredentialConfiguration } from './types.js';
import { validateClaims } from './validate-claims.js';
import { rejectUnknownMembers, validateCredentialDisplay } from './validate-display.js';
import { validateFormatMembers } from './validate-format-members.js';

const ID = /^[A-Za-z0-9_.-]+$/;
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/; // RFC 6749 §3.3 scope-token
const MAX_VALIDITY_SECONDS = 10 * 366 * 24 * 3600;
const MEMBERS = [
  'id', 'format', 'scope', 'vct', 'type', '@context', 'claims', 'display', 'proofTypes',
  'bindingMethods', 'credentialSigningAlg', 'validitySeconds',
];

function validateProofTypes(sink: ErrorSink, path: string, value: unknown): void {
  if (!isRecord(value)) return sink.fail(path, 'must be an object with a jwt member');
  rejectUnknownMembers(sink, path, value, ['jwt']);
  const jwt = value.jwt;
  if (!isRecord(jwt)) return sink.fail(child(path, 'jwt'), 'is required: jwt is the key-proof type Signet accepts');
  rejectUnknownMembers(sink, child(path, 'jwt'), jwt, ['signingAlgs']);
  stringList(sink, child(child(path, 'jwt'), 'signingAlgs'), jwt.signingAlgs, ASYMMETRIC_JWS_ALGS);
}

/**
 * Validates one configuration entry at `path`, recording every error in `sink`. Returns the typed
 * configuration (with defaults applied) when the entry had no errors, otherwise `undefined`.
 */
export function validateConfiguration(sink: ErrorSink, path: string, entry: unknown): CredentialConfiguration | undefined {
  if (!isRecord(entry)) {
    sink.fail(path, 'must be an object');
    return undefined;
  }
  const before = sink.errors.length;
  rejectUnknownMembers(sink, path, entry, MEMBERS);
  if (!isNonEmptyString(entry.id) || !ID.test(entry.id)) sink.fail(child(path, 'id'), 'must match [A-Za-z0-9_.-]+');
  if (!isNonEmptyString(entry.scope) || !SCOPE_TOKEN.test(entry.scope)) {
    sink.fail(child(path, 'scope'), 'must be a single OAuth scope token (RFC 6749 §3.3)');
  }
  const format = CREDENTIAL_FORMATS.includes(entry.format as CredentialFormat) ? (entry.format as CredentialFormat) : undefined;
  if (!format) sink.fail(child(path, 'format'), `must be one of ${CREDENTIAL_FORMATS.join(', ')}`);
  const formatMembers = format ? validateFormatMembers(sink, path, entry, format) : undefined;
  const claims = validateClaims(sink, child(path, 'claims'), entry.claims, format);
  const display = validateCredentialDisplay(sink, child(path, 'display'), entry.display);
  validateProofTypes(sink, child(path, 'proofTypes'), entry.proofTypes);
  stringList(sink, child(path, 'bindingMethods'), entry.bindingMethods, BINDING_METHODS);
  const algs: readonly string[] = format ? CREDENTIAL_SIGNING_ALGS[format] : [];
  if (format && !algs.includes(entry.credentialSigningAlg as string)) {
    sink.fail(child(path, 'credentialSigningAlg'), `must be one of ${algs.join(', ')} for ${format}`);
  }
  const validity = entry.validitySeconds;
  if (!Number.isInteger(validity) || (validity as number) <= 0 || (validity as number) > MAX_VALIDITY_SECONDS) {
    sink.fail(child(path, 'validitySeconds'), `must be a positive integer of at most ${MAX_VALIDITY_SECONDS}`);
  }
  if (sink.errors.length > before || !formatMembers) return undefined;
  const { vct: _vct, type: _type, '@context': _context, ...rest } = entry;
  return { ...rest, ...formatMembers, claims, display } as unknown as CredentialConfiguration;
}
