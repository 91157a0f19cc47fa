import type { KeyManager } from "../../keys/key-manager.js";
import {
  buildCredentialIssuerMetadata,
  buildControllerDocument,
  buildJwtVcIssuerMetadata,
  loadCredentialConfigurations,
  formatConfigErrors,
  DEFAULT_CREDENTIALS_FILE,
  SIGNET_CONTEXT_DOCUMENT,
  signetContextUrl,
  type CredentialConfiguration,
  type Issuer,
} from "../../vc/index.js";
import type { Endpoints } from "../discovery.js";

/** Most `jwt` proofs (so credentials) one credential request may carry; advertised as `batch_size`. */
export const BATCH_SIZE = 10;

/**
 * The credential issuer (OpenID4VCI 1.0): its validated configurations, metadata and
 * signing keys. Signet is its own authorization server, so `authorization_servers` is
 * omitted (§12.2.4: absent means the issuer acts as the AS).
 */
export interface CredentialIssuer {
  readonly configurations: readonly CredentialConfiguration[];
  readonly scopes: readonly string[];
  byId(id: string): CredentialConfiguration | undefined;
  byScope(scope: string): CredentialConfiguration[];
  metadata(now: number): Promise<CredentialIssuerDocuments>;
  /** The issuer with its active credential keys (ES256 and Ed25519). */
  issuer(now: number): Promise<Issuer>;
}

/** The documents the credential issuer publishes (served by the gateway from GetDiscovery). */
export interface CredentialIssuerDocuments {
  readonly credentialIssuer: Record<string, unknown>;
  readonly jwtVcIssuer: Record<string, unknown>;
  /** Controller document at the issuer URL: every published Ed25519 key, so `ldp_vc` proofs resolve remotely. */
  readonly controllerDocument: Record<string, unknown>;
  /** Signet's JSON-LD context, which the gateway serves at `/contexts/credentials/v1`. */
  readonly credentialsContext: Record<string, unknown>;
}

/** Where the credential issuer reads its configurations and publishes its JSON-LD context. */
export interface CredentialIssuerOptions {
  /** Credential configurations file; empty means the bundled one. */
  readonly file: string;
  /** Published URL of Signet's context; empty means `<issuer>/contexts/credentials/v1`. */
  readonly contextUrl: string;
}

export async function loadCredentialIssuer(options: CredentialIssuerOptions, endpoints: Endpoints, keys: KeyManager): Promise<CredentialIssuer> {
  const { file } = options;
  const result = await loadCredentialConfigurations(file || DEFAULT_CREDENTIALS_FILE);
  if (!result.ok) throw new Error(`credential configurations ${file || "(bundled)"} are invalid:\n${formatConfigErrors(result.errors)}`);
  const configurations = result.configurations;
  // Credentials and metadata name Signet's context by the URL it is published at, so any verifier can fetch it.
  const contextUrl = signetContextUrl(endpoints.issuer, options.contextUrl);
  const publicJwkOf = async (kid: string, now: number) => {
    const found = (await keys.list("credential", now)).find((k) => k.kid === kid);
    if (!found) throw new Error(`credential key ${kid} is not listed`);
    return found.publicJwk;
  };
  return {
    configurations,
    scopes: configurations.map((c) => c.scope),
    byId: (id) => configurations.find((c) => c.id === id),
    byScope: (scope) => configurations.filter((c) => c.scope === scope),
    async metadata(now) {
      const credentialIssuer = buildCredentialIssuerMetadata({
        credentialIssuer: endpoints.issuer,
        credentialEndpoint: endpoints.credential,
        nonceEndpoint: endpoints.nonce,
        configurations,
        display: [{ name: "Signet", locale: "en" }],
        batchSize: BATCH_SIZE,
        signetContextUrl: contextUrl,
      });
      const jwks = await keys.jwks("credential", now);
      const jwtVcIssuer = buildJwtVcIssuerMetadata({ issuer: endpoints.issuer, jwks });
      // Pending and previous keys too (the JWKS's set), so proofs by a rotated-out key still verify.
      const ed25519 = jwks.keys.filter((k) => k.kty === "OKP" && k.crv === "Ed25519").map((k) => ({ kid: k.kid, publicJwk: k }));
      const controllerDocument = buildControllerDocument(endpoints.issuer, ed25519);
      return {
        credentialIssuer: credentialIssuer as unknown as Record<string, unknown>,
        jwtVcIssuer: jwtVcIssuer as unknown as Record<string, unknown>,
        controllerDocument: controllerDocument as unknown as Record<string, unknown>,
        credentialsContext: SIGNET_CONTEXT_DOCUMENT as Record<string, unknown>,
      };
    },
    async issuer(now) {
      const [es, ed] = await Promise.all([keys.signingKey("credential", "ES256", now), keys.signingKey("credential", "EdDSA", now)]);
      return {
        id: endpoints.issuer,
        signetContextUrl: contextUrl,
        keys: {
          es256: { kid: es.kid, privateKey: es.privateKey, publicJwk: await publicJwkOf(es.kid, now) },
          ed25519: { kid: ed.kid, privateKey: ed.privateKey, publicJwk: await publicJwkOf(ed.kid, now) },
        },
      };
    },
  };
}
