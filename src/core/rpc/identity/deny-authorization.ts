import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import { signetError } from "../../errors/index.js";
import type { FlowDeps } from "../../flow/deps.js";
import { loadTransaction } from "../../flow/load-transaction.js";
import { fire } from "../../flow/login-state-machine.js";
import { redirectUrl } from "../../flow/redirect-url.js";

/** IdentityService.DenyAuthorization: the user declined; answer `access_denied` (RFC 6749 §4.1.2.1). */
export function denyAuthorization(deps: FlowDeps<"transactions">): MethodImpl<typeof IdentityService.method.denyAuthorization> {
  return async (req, ctx) => {
    const tx = await loadTransaction(deps, req.transactionId, req.csrfToken, "deny", ctx);
    const moved = await fire(deps.storage.transactions, tx, "deny", {}, deps.clock());
    if (!moved) throw signetError("invalid_transaction", "the transaction changed meanwhile");
    // The denial stands even if the identity system cannot take the revocation now: the
    // transaction is failed, so nothing will read with the token, and it expires.
    if (tx.data.kycTokenSealed) {
      await deps.identity.revokeKycToken(deps.secrets.unseal("kyc_token", tx.data.kycTokenSealed)).catch((err: unknown) =>
        deps.logger.warn("kyc token revocation failed", { cause: err instanceof Error ? err.message : String(err) }));
    }
    deps.logger.info("authorization.denied", { client_id: tx.clientId });
    return {
      redirectUrl: redirectUrl(tx.data.redirectUri, {
        error: "access_denied",
        error_description: "the user declined the request",
        state: tx.data.state,
        iss: deps.endpoints.issuer,
      }),
    };
  };
}
