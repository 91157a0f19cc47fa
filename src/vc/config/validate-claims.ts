import { type CredentialFormat, IDENTITY_ATTRIBUTES, RESERVED_CLAIM_NAMES } from './constants.js';
import { child, type ErrorSink, isRecord } from './json-checks.js';
import type { ClaimMapping } from './types.js';
import { rejectUnknownMembers, validateClaimDisplay } from './validate-display.js';

const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CLAIM_MEMBERS = ['attribute', 'mandatory', 'selectivelyDisclosable', 'display'];

/**
 * Validates the claim map (claim name → identity attribute). Defaults: `mandatory` false;
 * `selectivelyDisclosable` true for dc+sd-jwt (SD-JWT exists to make claims disclosable).
 */
export function validateClaims(
  sink: ErrorSink, path: string, value: unknown, format: CredentialFormat | undefined,
): Record<string, ClaimMapping> {
  const out: Record<string, ClaimMapping> = {};
  if (!isRecord(value) || Object.keys(value).length === 0) {
    sink.fail(path, 'must be a non-empty object mapping claim names to identity attributes');
    return out;
  }
  for (const [name, mapping] of Object.entries(value)) {
    const at = child(path, name);
    if (!CLAIM_NAME.test(name)) sink.fail(at, 'claim name must match [A-Za-z_][A-Za-z0-9_]*');
    const reserved: readonly string[] = format ? RESERVED_CLAIM_NAMES[format] : [];
    if (reserved.includes(name)) sink.fail(at, `claim name is reserved by the ${format} format`);
    if (!isRecord(mapping)) {
      sink.fail(at, 'must be an object with an attribute');
      continue;
    }
    rejectUnknownMembers(sink, at, mapping, CLAIM_MEMBERS);
    if (!IDENTITY_ATTRIBUTES.includes(mapping.attribute as never)) {
      sink.fail(child(at, 'attribute'), `must be one of the identity attributes ${IDENTITY_ATTRIBUTES.join(', ')}`);
    }
    for (const flag of ['mandatory', 'selectivelyDisclosable'] as const) {
      if (mapping[flag] !== undefined && typeof mapping[flag] !== 'boolean') sink.fail(child(at, flag), 'must be a boolean');
    }
    if (mapping.selectivelyDisclosable !== undefined && format !== undefined && format !== 'dc+sd-jwt') {
      sink.fail(child(at, 'selectivelyDisclosable'), 'applies only to the dc+sd-jwt format');
    }
    out[name] = {
      attribute: mapping.attribute as ClaimMapping['attribute'],
      mandatory: mapping.mandatory === true,
      selectivelyDisclosable: format === 'dc+sd-jwt' && mapping.selectivelyDisclosable !== false,
      display: validateClaimDisplay(sink, child(at, 'display'), mapping.display),
    };
  }
  return out;
}
