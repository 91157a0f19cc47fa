import { resolveContexts } from '../jsonld/contexts.js';
import type { CredentialConfiguration } from '../config/types.js';
import { type DisplayMetadata, toDisplayMetadata } from './display-metadata.js';

/** A claim description (OpenID4VCI 1.0 Appendix B.2): a claims path pointer plus display data. */
export interface ClaimDescription {
  path: string[];
  mandatory?: boolean;
  display?: { name: string; locale?: string }[];
}

/** One entry of `credential_configurations_supported` (OpenID4VCI 1.0 §12.2.4). */
export interface CredentialConfigurationMetadata {
  format: string;
  scope: string;
  cryptographic_binding_methods_supported: string[];
  credential_signing_alg_values_supported: string[];
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: string[] } };
  vct?: string;
  credential_definition?: { '@context'?: string[]; type: string[] };
  credential_metadata: { display?: DisplayMetadata[]; claims: ClaimDescription[] };
}

/**
 * Claims path pointers (Appendix C): SD-JWT VC claims sit at the top level of the payload; W3C
 * credential claims under `credentialSubject` (Appendix A.1.1.2, A.1.2.2).
 */
function claimDescriptions(configuration: CredentialConfiguration): ClaimDescription[] {
  const prefix = configuration.format === 'dc+sd-jwt' ? [] : ['credentialSubject'];
  return Object.entries(configuration.claims).map(([name, claim]) => {
    const description: ClaimDescription = { path: [...prefix, name] };
    if (claim.mandatory) description.mandatory = true;
    if (claim.display.length > 0) description.display = claim.display.map((d) => ({ ...d }));
    return description;
  });
}

/**
 * Builds the 1.0 shape of a configuration: display and claims live under `credential_metadata`
 * (draft 13 had them at the top level; wallets tell the versions apart by this position).
 * `credential_signing_alg_values_supported` holds a JWS alg for the JWT formats and the
 * Data Integrity cryptosuite name for ldp_vc (Appendix A.1.2.2). `signetContext` is the URL that
 * stands for Signet's own context in the ldp_vc `@context` (as in the credentials).
 */
export function buildConfigurationMetadata(configuration: CredentialConfiguration, signetContext: string): CredentialConfigurationMetadata {
  const out: CredentialConfigurationMetadata = {
    format: configuration.format,
    scope: configuration.scope,
    cryptographic_binding_methods_supported: [...configuration.bindingMethods],
    credential_signing_alg_values_supported: [configuration.credentialSigningAlg],
    proof_types_supported: {
      jwt: { proof_signing_alg_values_supported: [...configuration.proofTypes.jwt.signingAlgs] },
    },
    credential_metadata: { claims: claimDescriptions(configuration) },
  };
  if (configuration.display.length > 0) out.credential_metadata.display = configuration.display.map(toDisplayMetadata);
  if (configuration.format === 'dc+sd-jwt') {
    out.vct = configuration.vct;
  } else if (configuration.format === 'ldp_vc') {
    out.credential_definition = { '@context': resolveContexts(configuration.context, signetContext), type: [...configuration.type] };
  } else {
    // jwt_vc_json carries only `type` (Appendix A.1.1.2).
    out.credential_definition = { type: [...configuration.type] };
  }
  return out;
}
