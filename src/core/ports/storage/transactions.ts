/**
 * The login transaction's states. Which moves between them are allowed is declared once, in
 * src/core/flow/login-state-machine.ts; the repository only performs a checked move. Expiry is
 * `expires_at`, not a state.
 */
export type TransactionState = "created" | "authenticated" | "code_issued" | "exchanged" | "failed";

/** The counters that cap attempts per transaction. */
export type TransactionCounter = "send_otp_count" | "authenticate_count";

/** One login transaction. `data` is the flow's own JSON (request params, resolved claims, accepted claims…). */
export interface TransactionRecord<D = Record<string, unknown>> {
  readonly id: string;
  readonly state: TransactionState;
  readonly clientId: string;
  readonly csrfHash: string | null;
  readonly sbiTransactionId: string | null;
  readonly data: D;
  readonly subject: string | null;
  readonly authTime: number | null;
  readonly acr: string | null;
  readonly amr: readonly string[] | null;
  readonly sendOtpCount: number;
  readonly authenticateCount: number;
  /** Incremented by every transition; pass it back as `expectedVersion` for optimistic updates. */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number;
}

/** What a caller supplies to open a transaction; the store chooses a random `id` when none is given. */
export interface NewTransaction<D = Record<string, unknown>> {
  readonly id?: string;
  readonly clientId: string;
  readonly csrfHash?: string | null;
  readonly sbiTransactionId?: string | null;
  readonly data: D;
  readonly expiresAt: number;
}

/** Fields a transition may set alongside the state change. `data` replaces the stored JSON whole. */
export type TransactionPatch<D = Record<string, unknown>> = Partial<
  Pick<TransactionRecord<D>, "data" | "subject" | "authTime" | "acr" | "amr" | "csrfHash" | "sbiTransactionId" | "expiresAt">
>;

/** Result of {@link TransactionsRepository.incrementCounter}. */
export type CounterResult = { readonly ok: true; readonly count: number } | { readonly ok: false; readonly reason: "limit_reached" | "not_found" };

/** The transactions repository. */
export interface TransactionsRepository {
  create<D>(tx: NewTransaction<D>, now: number): Promise<TransactionRecord<D>>;
  /** The transaction as stored, expired or not; callers compare `expiresAt` with their clock. */
  get<D = Record<string, unknown>>(id: string): Promise<TransactionRecord<D> | null>;
  /**
   * Moves `id` from `from` to `to` with one conditional UPDATE (state, expiry and optionally version
   * checked in its WHERE), returning the row as that UPDATE left it — so no second read is needed —
   * or null when no row matched; of N racing callers exactly one gets the row. The core fires the
   * named transitions of src/core/flow/login-state-machine.ts rather than calling this directly.
   */
  transition<D>(
    id: string,
    from: TransactionState,
    to: TransactionState,
    patch: TransactionPatch<D>,
    now: number,
    expectedVersion?: number,
  ): Promise<TransactionRecord<D> | null>;
  /** Adds one to a counter unless it already reached `max` (one UPDATE … WHERE c < max) or the transaction expired. */
  incrementCounter(id: string, counter: TransactionCounter, max: number, now: number): Promise<CounterResult>;
  /** Gives back one counted call (it failed on the server's side, so it must not cost the user an attempt). */
  refundCounter(id: string, counter: TransactionCounter, now: number): Promise<void>;
}
