import type { HandlerContext } from "@connectrpc/connect";
import type { TransactionRecord } from "../ports/storage/index.js";
import { assertOwns } from "../principal.js";
import { signetError } from "../errors/index.js";
import { matchesHash } from "../secrets.js";
import type { FlowDeps } from "./deps.js";
import { mayTake, type StepName } from "./login-state-machine.js";
import type { TransactionData } from "./transaction-data.js";

/**
 * Loads a live transaction for a page step — the one read of it the step makes — and checks its
 * CSRF token in constant time and that the state machine lets it take `step`.
 * Unknown, expired, foreign-token and wrong-state transactions all answer
 * `invalid_transaction` (eSignet reference §7.2) without saying which, so the id space
 * cannot be probed. A transaction created by another caller is refused after those checks
 * (PERMISSION_DENIED), when `ctx` carries the call's principal.
 */
export async function loadTransaction(
  deps: FlowDeps<"transactions">,
  transactionId: string,
  csrfToken: string,
  step: StepName,
  ctx?: HandlerContext,
): Promise<TransactionRecord<TransactionData>> {
  if (!transactionId) throw signetError("invalid_request", "transaction_id: is required", { field: "transaction_id" });
  if (!csrfToken) throw signetError("invalid_request", "csrf_token: is required (it binds the page to its transaction)", { field: "csrf_token" });
  const tx = await deps.storage.transactions.get<TransactionData>(transactionId);
  const ok = tx !== null && matchesHash(csrfToken, tx.csrfHash) && tx.expiresAt > deps.clock() && mayTake(step, tx.state);
  if (!ok) throw signetError("invalid_transaction", "the transaction is unknown, expired, already used, or not at this step");
  assertOwns(ctx, tx.data.owner);
  return tx;
}

/** The redirect target for errors once a transaction exists (its client and URI are verified). */
export function redirectOf(deps: Pick<FlowDeps, "endpoints">, tx: TransactionRecord<TransactionData>) {
  return { redirectUri: tx.data.redirectUri, state: tx.data.state, iss: deps.endpoints.issuer };
}
