import credentialsV2 from './contexts/credentials-v2.json' with { type: 'json' };
import multikeyV1 from './contexts/multikey-v1.json' with { type: 'json' };
import securityV1 from './contexts/security-v1.json' with { type: 'json' };
import securityV2 from './contexts/security-v2.json' with { type: 'json' };
import signetCredentialsV1 from './contexts/signet-credentials-v1.json' with { type: 'json' };

/** Signet's own context: the `NationalIdCredential` type and the claim terms. */
export const SIGNET_CREDENTIALS_CONTEXT_V1 = 'https://w3id.org/signet/credentials/v1';
/** Multikey verification method context (W3C Controlled Identifiers 1.0). */
export const MULTIKEY_CONTEXT_V1 = 'https://w3id.org/security/multikey/v1';
/** Security vocabulary v2; jsonld-signatures frames controller documents with it. */
export const SECURITY_CONTEXT_V2 = 'https://w3id.org/security/v2';

/**
 * Every JSON-LD context Signet can resolve, keyed by URL. Provenance of each file:
 * `src/vc/jsonld/contexts/README.md`. Frozen so no caller can widen what the loader serves.
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map(
  Object.entries({
    'https://www.w3.org/ns/credentials/v2': credentialsV2,
    'https://w3id.org/security/v1': securityV1,
    [SECURITY_CONTEXT_V2]: securityV2,
    [MULTIKEY_CONTEXT_V1]: multikeyV1,
    [SIGNET_CREDENTIALS_CONTEXT_V1]: signetCredentialsV1,
  }).map(([url, doc]) => [url, Object.freeze(doc)] as const),
);
