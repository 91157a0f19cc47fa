import type { TransactionPatch, TransactionRecord, TransactionState, TransactionsRepository } from "../ports/storage/index.js";

/**
 * The login transaction as a state machine, declared once (docs/state-machine.md explains it
 * for maintainers). Authorize opens a transaction in `created`; each later step fires one named
 * transition, which the store performs as one conditional UPDATE on (id, source state, expiry):
 * of racing callers exactly one moves it, the others see `null`.
 *
 * ```
 *   Authorize
 *       │
 *       ▼
 *  ┌─────────┐ authenticate ┌───────────────┐ issueCode ┌─────────────┐ exchange ┌───────────┐
 *  │ created │─────────────▶│ authenticated │──────────▶│ code_issued │─────────▶│ exchanged │
 *  └─────────┘              └───────────────┘           └─────────────┘          └───────────┘
 *       │ deny                      │ deny
 *       ▼                           │
 *  ┌────────┐                       │
 *  │ failed │◀──────────────────────┘
 *  └────────┘
 * ```
 *
 * `exchanged` and `failed` are final. Expiry (`expires_at`) is not a state: an expired
 * transaction refuses every step and is purged later.
 */
export const transitions = {
  /** Authenticate: the challenges verified (eSignet reference §3.6). */
  authenticate: { from: ["created"], to: "authenticated" },
  /** IssueCode: consent recorded and one code issued (RFC 6749 §4.1.2). */
  issueCode: { from: ["authenticated"], to: "code_issued" },
  /** ExchangeToken: the code was redeemed for tokens (RFC 6749 §4.1.3). */
  exchange: { from: ["code_issued"], to: "exchanged" },
  /** DenyAuthorization: the resident declined (RFC 6749 §4.1.2.1 `access_denied`). */
  deny: { from: ["created", "authenticated"], to: "failed" },
} as const satisfies Record<string, { readonly from: readonly TransactionState[]; readonly to: TransactionState }>;

/** The name of a transition. */
export type TransitionName = keyof typeof transitions;

/**
 * The page-driven steps and the states each may act in. A step that fires a transition acts
 * exactly in that transition's source states; the others only read or count.
 */
export const steps = {
  getTransaction: ["created", "authenticated"],
  sendOtp: ["created"],
  authenticate: transitions.authenticate.from,
  issueCode: transitions.issueCode.from,
  deny: transitions.deny.from,
} as const satisfies Record<string, readonly TransactionState[]>;

/** The name of a page step. */
export type StepName = keyof typeof steps;

/** Whether a transaction in `state` may take `step`. */
export function mayTake(step: StepName, state: TransactionState): boolean {
  return (steps[step] as readonly TransactionState[]).includes(state);
}

/**
 * Fires transition `name` on the transaction `tx` (as read, or only its id when the transition
 * has a single source state): one conditional UPDATE from `tx.state`. Returns the transaction as
 * the update left it, or null when it was no longer in that state or had expired (another caller
 * moved it first). Asking for a transition the machine does not have from `tx.state` is a
 * programming error and throws.
 */
export async function fire<D>(
  transactions: Pick<TransactionsRepository, "transition">,
  tx: { readonly id: string; readonly state?: TransactionState },
  name: TransitionName,
  patch: TransactionPatch<D>,
  now: number,
): Promise<TransactionRecord<D> | null> {
  const edge: { readonly from: readonly TransactionState[]; readonly to: TransactionState } = transitions[name];
  const from = tx.state ?? (edge.from.length === 1 ? edge.from[0] : undefined);
  if (from === undefined || !edge.from.includes(from)) {
    throw new Error(`the login state machine has no ${name} transition from ${from ?? "an unstated state"}`);
  }
  return transactions.transition<D>(tx.id, from, edge.to, patch, now);
}
