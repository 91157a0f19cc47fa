import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import { oauthAuthorizationServer, openidConfiguration, type Endpoints } from "../../discovery.js";
import type { CredentialIssuerDocuments } from "../../vci/credential-issuer.js";

export interface DiscoveryDeps {
  readonly endpoints: Endpoints;
  /** Credential scopes offered by the credential issuer (empty until configured). */
  readonly credentialScopes: readonly string[];
  /** OpenID4VCI issuer metadata, SD-JWT VC issuer metadata and the issuer controller document, when the issuer is configured. */
  readonly credentialIssuer?: () => Promise<CredentialIssuerDocuments>;
}

/** IdentityService.GetDiscovery: the metadata documents, computed once from configuration. */
export function getDiscovery(deps: DiscoveryDeps): MethodImpl<typeof IdentityService.method.getDiscovery> {
  const openid = openidConfiguration(deps.endpoints, deps.credentialScopes);
  const oauth = oauthAuthorizationServer(deps.endpoints, deps.credentialScopes);
  return async () => {
    const vci = deps.credentialIssuer ? await deps.credentialIssuer() : undefined;
    return {
      openidConfiguration: openid as never,
      oauthAuthorizationServer: oauth as never,
      credentialIssuer: vci?.credentialIssuer as never,
      jwtVcIssuer: vci?.jwtVcIssuer as never,
      issuerControllerDocument: vci?.controllerDocument as never,
      credentialsContext: vci?.credentialsContext as never,
    };
  };
}
