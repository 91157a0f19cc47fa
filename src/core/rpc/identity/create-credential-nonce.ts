import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import type { FlowDeps } from "../../flow/deps.js";
import { issueCNonce } from "../../vci/c-nonce.js";

/** IdentityService.CreateCredentialNonce: the nonce endpoint (OpenID4VCI 1.0 §7.2). */
export function createCredentialNonce(deps: FlowDeps<"nonces">): MethodImpl<typeof IdentityService.method.createCredentialNonce> {
  return async () => {
    const nonce = await issueCNonce(deps);
    return { cNonce: nonce.value, cNonceExpiresIn: BigInt(nonce.expiresIn) };
  };
}
