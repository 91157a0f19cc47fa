import type { TransactionCounter, TransactionRecord } from "../ports/storage/index.js";
import { signetError } from "../errors/index.js";
import type { GuardDeps } from "../limits/individual-guard.js";
import type { FlowDeps } from "./deps.js";
import { redirectOf } from "./load-transaction.js";
import type { TransactionData } from "./transaction-data.js";

/**
 * The per-transaction limits (eSignet reference §7.3): every SendOtp and Authenticate call of a
 * transaction counts before it is processed, successful ones too. Reaching the limit ends this
 * transaction's attempts (`no_attempts_left`) and nothing more: what holds across transactions
 * is the individual's guard (`../limits/individual-guard.ts`), which counts failures only, so
 * correct credentials, however many and however concurrent, never lock the resident out.
 */
export async function countAttempt(
  deps: FlowDeps<"transactions">,
  tx: TransactionRecord<TransactionData>,
  counter: TransactionCounter,
): Promise<{ remaining: number }> {
  const max = counter === "send_otp_count" ? deps.settings.sendOtpAttempts : deps.settings.authenticateAttempts;
  const result = await deps.storage.transactions.incrementCounter(tx.id, counter, max, deps.clock());
  if (!result.ok) {
    if (result.reason === "not_found") throw signetError("invalid_transaction", "the transaction is unknown or expired");
    throw noAttemptsLeft(deps, tx);
  }
  return { remaining: max - result.count };
}

/** Gives a counted call back: it failed on the server's side, so it must cost the user nothing. */
export async function refundAttempt(deps: FlowDeps<"transactions">, tx: TransactionRecord<TransactionData>, counter: TransactionCounter): Promise<void> {
  await deps.storage.transactions.refundCounter(tx.id, counter, deps.clock());
}

/** The answer once a transaction's attempts are spent: the login must start again at the client. */
export function noAttemptsLeft(deps: Pick<FlowDeps, "endpoints">, tx: TransactionRecord<TransactionData>) {
  return signetError("no_attempts_left", "no attempts left in this transaction; start again from the application", {
    attemptsRemaining: 0,
    redirect: redirectOf(deps, tx),
  });
}

/** The individual guard over the flow's storage, limits, clock and logger. */
export function guardOf(deps: FlowDeps<"individualLimits">): GuardDeps {
  return { repo: deps.storage.individualLimits, limits: deps.settings, clock: deps.clock, logger: deps.logger };
}
