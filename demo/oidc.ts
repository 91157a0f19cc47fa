import * as oidc from 'openid-client';
import type { DemoKey } from './register.js';

/**
 * openid-client configurations of the demo clients, from the issuer's discovery document (fetched
 * over HTTP like any relying party does), cached per client once discovery succeeded.
 */
export class DemoClients {
  readonly #configs = new Map<string, Promise<oidc.Configuration>>();

  constructor(
    private readonly issuer: string,
    private readonly keys: ReadonlyMap<string, DemoKey>,
  ) {}

  /**
   * The configuration of `clientId`: private_key_jwt with its own demo key, and for a relying party
   * the ID token / userinfo algorithm it registered, so openid-client verifies both with it.
   */
  config(clientId: string, kind: 'oidc' | 'oauth2', alg?: string): Promise<oidc.Configuration> {
    let config = this.#configs.get(clientId);
    if (!config) {
      const metadata: Partial<oidc.ClientMetadata> = alg ? { id_token_signed_response_alg: alg, userinfo_signed_response_alg: alg } : {};
      config = oidc.discovery(new URL(this.issuer), clientId, metadata, oidc.PrivateKeyJwt(this.keys.get(clientId)!.privateKey), {
        algorithm: kind,
        timeout: 10,
        // The development issuer is http on loopback; a real deployment's is https.
        ...(this.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
      // A failed discovery (the gateway still starting) is retried on the next request.
      config.catch(() => this.#configs.delete(clientId));
      this.#configs.set(clientId, config);
    }
    return config;
  }
}
