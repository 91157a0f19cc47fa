import type { TransactionCounter } from "../ports/storage/index.js";
import { signetError, type ErrorRedirect } from "../errors.js";
import type { FlowDeps } from "./deps.js";

/**
 * Rate limiting of login steps (eSignet reference §7.3): each call counts before it is
 * processed; past the limit the individual is blocked for `blockSeconds` on every
 * transaction. Individual ids are kept only as keyed hashes.
 */
export async function countAttempt(
  deps: FlowDeps<"transactions" | "blockedIndividuals">,
  transactionId: string,
  counter: TransactionCounter,
  individualId: string,
): Promise<{ remaining: number }> {
  const now = deps.clock();
  const individualHash = deps.secrets.mac("individual", individualId);
  if (await deps.storage.blockedIndividuals.isBlocked(individualHash, now)) {
    throw signetError("individual_id_blocked", "too many attempts for this individual; try again later", { field: "individual_id" });
  }
  const max = counter === "send_otp_count" ? deps.settings.sendOtpAttempts : deps.settings.authenticateAttempts;
  const result = await deps.storage.transactions.incrementCounter(transactionId, counter, max, now);
  if (!result.ok) {
    if (result.reason === "not_found") throw signetError("invalid_transaction", "the transaction is unknown or expired");
    return blockIndividual(deps, counter, individualId);
  }
  return { remaining: max - result.count };
}

/**
 * Blocks the individual for `blockSeconds` and answers `no_attempts_left`. Called when a
 * call finds the limit reached, and when the call that spent the last attempt failed:
 * waiting for one more call would let a caller take every attempt of a transaction, then
 * open a new one and never be blocked.
 */
export async function blockIndividual(
  deps: FlowDeps<"blockedIndividuals">,
  counter: TransactionCounter,
  individualId: string,
  redirect?: ErrorRedirect,
): Promise<never> {
  const individualHash = deps.secrets.mac("individual", individualId);
  await deps.storage.blockedIndividuals.block(individualHash, deps.clock() + deps.settings.blockSeconds * 1000);
  deps.logger.warn("authentication.blocked", { counter, block_seconds: deps.settings.blockSeconds });
  throw signetError("no_attempts_left", "no attempts left; this individual is blocked for a while", { field: "individual_id", attemptsRemaining: 0, redirect });
}
