import type { CredentialConfiguration } from '../config/types.js';
import { signetContextUrl } from '../jsonld/contexts.js';
import { buildConfigurationMetadata, type CredentialConfigurationMetadata } from './configuration-metadata.js';

/** Issuer display entry (OpenID4VCI 1.0 §12.2.4 top-level `display`). */
export interface IssuerDisplay {
  readonly name?: string;
  readonly locale?: string;
  readonly logo?: { readonly uri: string; readonly altText?: string };
}

/** Inputs of {@link buildCredentialIssuerMetadata}; URLs are absolute HTTPS URLs. */
export interface CredentialIssuerMetadataInput {
  readonly credentialIssuer: string;
  readonly credentialEndpoint: string;
  readonly nonceEndpoint: string;
  /** Omit (or leave empty) when the credential issuer is its own authorization server. */
  readonly authorizationServers?: readonly string[];
  readonly configurations: readonly CredentialConfiguration[];
  readonly display?: readonly IssuerDisplay[];
  /** Most key proofs one credential request may carry; 2 or more advertises batch issuance (§12.2.4). */
  readonly batchSize?: number;
  /** Published URL of Signet's JSON-LD context; default `<credentialIssuer>/contexts/credentials/v1`. */
  readonly signetContextUrl?: string;
}

/** The credential issuer metadata document (OpenID4VCI 1.0 §12.2.4). */
export interface CredentialIssuerMetadata {
  credential_issuer: string;
  authorization_servers?: string[];
  credential_endpoint: string;
  nonce_endpoint: string;
  batch_credential_issuance?: { batch_size: number };
  display?: { name?: string; locale?: string; logo?: { uri: string; alt_text?: string } }[];
  credential_configurations_supported: Record<string, CredentialConfigurationMetadata>;
}

function toIssuerDisplay(display: IssuerDisplay): NonNullable<CredentialIssuerMetadata['display']>[number] {
  const out: NonNullable<CredentialIssuerMetadata['display']>[number] = {};
  if (display.name !== undefined) out.name = display.name;
  if (display.locale !== undefined) out.locale = display.locale;
  if (display.logo !== undefined) {
    out.logo = { uri: display.logo.uri, ...(display.logo.altText !== undefined ? { alt_text: display.logo.altText } : {}) };
  }
  return out;
}

/**
 * Builds `/.well-known/openid-credential-issuer` (OpenID4VCI 1.0 §12.2). Pure: the gateway serves
 * the result as JSON. `credential_issuer` must be the URL the document is fetched for, minus the
 * well-known part (§12.2.2); the caller supplies it.
 */
export function buildCredentialIssuerMetadata(input: CredentialIssuerMetadataInput): CredentialIssuerMetadata {
  const context = signetContextUrl(input.credentialIssuer, input.signetContextUrl);
  const out: CredentialIssuerMetadata = {
    credential_issuer: input.credentialIssuer,
    credential_endpoint: input.credentialEndpoint,
    nonce_endpoint: input.nonceEndpoint,
    credential_configurations_supported: Object.fromEntries(
      input.configurations.map((c) => [c.id, buildConfigurationMetadata(c, context)]),
    ),
  };
  if (input.authorizationServers && input.authorizationServers.length > 0) {
    out.authorization_servers = [...input.authorizationServers];
  }
  // §12.2.4: without batch_credential_issuance a wallet sends exactly one proof.
  if (input.batchSize !== undefined && input.batchSize >= 2) out.batch_credential_issuance = { batch_size: input.batchSize };
  if (input.display && input.display.length > 0) out.display = input.display.map(toIssuerDisplay);
  return out;
}
