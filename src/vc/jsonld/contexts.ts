import credentialsV2 from './contexts/credentials-v2.json' with { type: 'json' };
import multikeyV1 from './contexts/multikey-v1.json' with { type: 'json' };
import securityV1 from './contexts/security-v1.json' with { type: 'json' };
import securityV2 from './contexts/security-v2.json' with { type: 'json' };
import signetCredentialsV1 from './contexts/signet-credentials-v1.json' with { type: 'json' };

/**
 * How credential configurations name Signet's own context (the `NationalIdCredential` type and
 * the claim terms). It is not a URL: when the configurations are loaded it is replaced by the URL
 * the context is published at ({@link signetContextUrl}), which is what credentials and metadata carry.
 */
export const SIGNET_CONTEXT = 'signet:credentials/v1';
/** Where the gateway serves Signet's context, below the issuer URL. */
export const SIGNET_CONTEXT_PATH = '/contexts/credentials/v1';
/** Signet's context document, as served at {@link SIGNET_CONTEXT_PATH}. */
export const SIGNET_CONTEXT_DOCUMENT: Readonly<Record<string, unknown>> = Object.freeze(signetCredentialsV1);
/** Multikey verification method context (W3C Controlled Identifiers 1.0). */
export const MULTIKEY_CONTEXT_V1 = 'https://w3id.org/security/multikey/v1';
/** Security vocabulary v2; jsonld-signatures frames controller documents with it. */
export const SECURITY_CONTEXT_V2 = 'https://w3id.org/security/v2';

/**
 * The URL of Signet's context: the one configured (a copy published elsewhere, e.g. a w3id.org
 * redirect), else `<issuer>/contexts/credentials/v1`, served by the issuer's own gateway.
 */
export function signetContextUrl(issuer: string, configured?: string): string {
  return configured || `${issuer.replace(/\/+$/, '')}${SIGNET_CONTEXT_PATH}`;
}

/**
 * Every JSON-LD context Signet can resolve, keyed by URL (Signet's own by {@link SIGNET_CONTEXT};
 * the document loader also serves it at its published URL). Provenance of each file:
 * `src/vc/jsonld/contexts/README.md`. Frozen so no caller can widen what the loader serves.
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map(
  Object.entries({
    'https://www.w3.org/ns/credentials/v2': credentialsV2,
    'https://w3id.org/security/v1': securityV1,
    [SECURITY_CONTEXT_V2]: securityV2,
    [MULTIKEY_CONTEXT_V1]: multikeyV1,
    [SIGNET_CONTEXT]: SIGNET_CONTEXT_DOCUMENT,
  }).map(([url, doc]) => [url, Object.freeze(doc)] as const),
);

/**
 * A configuration's `@context` list as credentials carry it: {@link SIGNET_CONTEXT} replaced by
 * the context's URL.
 */
export function resolveContexts(contexts: readonly string[], signetUrl: string): string[] {
  return contexts.map((c) => (c === SIGNET_CONTEXT ? signetUrl : c));
}
