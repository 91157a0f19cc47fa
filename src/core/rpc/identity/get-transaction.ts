import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import { signetError } from "../../errors/index.js";
import type { FlowDeps } from "../../flow/deps.js";
import { loadTransaction } from "../../flow/load-transaction.js";
import { viewOf } from "../../flow/view.js";

/** IdentityService.GetTransaction: the current view of a live transaction (for re-rendering a page). */
export function getTransaction(deps: FlowDeps<"transactions">): MethodImpl<typeof IdentityService.method.getTransaction> {
  return async (req, ctx) => {
    const tx = await loadTransaction(deps, req.transactionId, req.csrfToken, "getTransaction", ctx);
    const client = await deps.clients.get(tx.clientId);
    if (!client) throw signetError("invalid_transaction", "the client of this transaction is no longer registered");
    return { transaction: viewOf(deps, tx, client) };
  };
}
