/**
 * Signet's verifiable-credential core: credential configurations, OpenID4VCI 1.0 metadata, `jwt`
 * key-proof validation and credential issuance in three formats. Pure modules — no HTTP, no storage.
 */
export * from './config/constants.js';
export type * from './config/types.js';
export { DEFAULT_CREDENTIALS_FILE, loadCredentialConfigurations } from './config/load-configurations.js';
export { formatConfigErrors, validateConfigurations } from './config/validate-configurations.js';
export { buildCredentialIssuerMetadata } from './metadata/credential-issuer-metadata.js';
export type { CredentialIssuerMetadata, CredentialIssuerMetadataInput, IssuerDisplay } from './metadata/credential-issuer-metadata.js';
export type { ClaimDescription, CredentialConfigurationMetadata } from './metadata/configuration-metadata.js';
export { buildJwtVcIssuerMetadata, jwtVcIssuerMetadataUrl } from './metadata/jwt-vc-issuer-metadata.js';
export type { JwtVcIssuerMetadata } from './metadata/jwt-vc-issuer-metadata.js';
export { PROOF_JWT_TYP, validateJwtProof } from './proof/validate-jwt-proof.js';
export type { JwtProofOptions } from './proof/validate-jwt-proof.js';
export { ProofError } from './proof/proof-result.js';
export type { InvalidProof, ProofResult, ValidProof } from './proof/proof-result.js';
export { issueCredential } from './formats/issue-credential.js';
export type { IssueCredentialInput, IssuedCredential } from './formats/issue-credential.js';
export { IssuanceError, IssuanceErrorCode } from './formats/issuance-error.js';
export type { Issuer, IssuerKey } from './keys/issuer-keys.js';
export { didJwkFromJwk, parseDidJwk } from './keys/did-jwk.js';
export { didKeyFromJwk, parseDidKey } from './keys/did-key.js';
export { BUNDLED_CONTEXTS, resolveContexts, SIGNET_CONTEXT, SIGNET_CONTEXT_DOCUMENT, SIGNET_CONTEXT_PATH, signetContextUrl } from './jsonld/contexts.js';
export { createDocumentLoader, DocumentNotBundledError } from './jsonld/document-loader.js';
export type { DocumentLoader, LoaderOptions } from './jsonld/document-loader.js';
export { buildControllerDocument, verificationMethodId } from './jsonld/controller-document.js';
