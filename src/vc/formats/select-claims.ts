import type { CredentialConfiguration } from '../config/types.js';
import { IssuanceError, IssuanceErrorCode } from './issuance-error.js';

/**
 * Maps identity-system attributes to credential claims, in configuration order. Only configured
 * claims are released (data minimisation: extra attributes are ignored); an absent optional
 * attribute (undefined, null or empty string) is omitted; an absent mandatory one throws.
 */
export function selectClaims(
  configuration: CredentialConfiguration,
  attributes: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, mapping] of Object.entries(configuration.claims)) {
    const value = attributes[mapping.attribute];
    if (value === undefined || value === null || value === '') {
      if (mapping.mandatory) {
        throw new IssuanceError(IssuanceErrorCode.MissingMandatoryClaim, `identity attribute ${mapping.attribute} is required for claim ${name}`);
      }
      continue;
    }
    out[name] = structuredClone(value);
  }
  return out;
}
