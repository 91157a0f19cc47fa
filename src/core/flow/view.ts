import type { ClientRecord } from "../ports/storage/index.js";
import type { TransactionRecord } from "../ports/storage/index.js";
import type { FlowDeps } from "./deps.js";
import type { TransactionData } from "./transaction-data.js";
import { transactionView } from "./transaction-view.js";

/**
 * The transaction view with the SBI capture parameters when biometric login is offered
 * (reference sbi.md §4.1: what the page puts into its CAPTURE request).
 */
export function viewOf(deps: Pick<FlowDeps, "sbi">, tx: TransactionRecord<TransactionData>, client: ClientRecord, csrfToken?: string) {
  const sbi = deps.sbi;
  const biometric =
    sbi && tx.sbiTransactionId
      ? {
          sbiTransactionId: tx.sbiTransactionId,
          domainUri: sbi.domainUri,
          env: sbi.env,
          purpose: "Auth",
          timeoutMs: sbi.timeoutMs,
          modalities: sbi.modalities.map((m) => ({ type: m.type, count: m.count, bioSubtypes: [...m.bioSubtypes] })),
          specVersion: sbi.specVersion,
          requestedScore: sbi.requestedScore,
        }
      : undefined;
  return transactionView(tx, client, { csrfToken, biometric });
}
