import type { ServiceImpl } from "@connectrpc/connect";
import type { IdentityService } from "../gen/signet/v1/identity_pb.js";
import { notImplemented } from "./errors/index.js";
import type { FlowDeps } from "./flow/deps.js";
import { authenticate } from "./rpc/identity/authenticate.js";
import { authorize } from "./rpc/identity/authorize.js";
import { denyAuthorization } from "./rpc/identity/deny-authorization.js";
import { exchangeToken } from "./rpc/identity/exchange-token.js";
import { getDiscovery, type DiscoveryDeps } from "./rpc/identity/get-discovery.js";
import { getJwks } from "./rpc/identity/get-jwks.js";
import { getTransaction } from "./rpc/identity/get-transaction.js";
import { getUserInfo } from "./rpc/identity/get-user-info.js";
import { issueCode } from "./rpc/identity/issue-code.js";
import { sendOtp } from "./rpc/identity/send-otp.js";
import { createCredentialNonce } from "./rpc/identity/create-credential-nonce.js";
import { issueCredential } from "./rpc/identity/issue-credential.js";

/** Optional capabilities that plug into the flow. */
export interface IdentityExtensions {
  readonly discovery: DiscoveryDeps;
  readonly jwksMaxAgeSeconds: number;
}

/**
 * signet.v1.IdentityService assembled from one factory per RPC. Typed as the full
 * ServiceImpl so that a missing RPC fails the type check instead of answering UNIMPLEMENTED at run time.
 */
export function createIdentityService(deps: FlowDeps, ext: IdentityExtensions): ServiceImpl<typeof IdentityService> {
  return {
    authorize: authorize(deps),
    getTransaction: getTransaction(deps),
    sendOtp: sendOtp(deps),
    authenticate: authenticate(deps),
    issueCode: issueCode(deps),
    denyAuthorization: denyAuthorization(deps),
    exchangeToken: exchangeToken(deps),
    getUserInfo: getUserInfo(deps),
    createCredentialNonce: deps.vci
      ? createCredentialNonce(deps)
      : () => {
          throw notImplemented("CreateCredentialNonce", "no OpenID4VCI credential issuer is configured");
        },
    issueCredential: deps.vci
      ? issueCredential(deps, deps.vci)
      : () => {
          throw notImplemented("IssueCredential", "no OpenID4VCI credential issuer is configured");
        },
    getDiscovery: getDiscovery(ext.discovery),
    getJwks: getJwks({ keys: deps.keys, clock: deps.clock, maxAgeSeconds: ext.jwksMaxAgeSeconds }),
  };
}
