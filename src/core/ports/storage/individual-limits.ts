/**
 * What is remembered about one individual's login attempts, across transactions and instances.
 * Kept under a keyed hash of the normalised individual id, never the id itself.
 */
export interface IndividualLimitState {
  /** Consecutive failed Authenticate calls since the last success (or since they were forgotten). */
  readonly failures: number;
  /** Admitted attempts not settled yet (their outcome is still being checked). */
  readonly inFlight: number;
  /** When the latest attempt was admitted (epoch ms); 0 when none was. */
  readonly lastAttemptAt: number;
  /** When the latest failure was settled (epoch ms). */
  readonly lastFailureAt: number | null;
  /** Set once the failures reach the hard cap: every attempt is refused until then. */
  readonly lockedUntil: number | null;
  /** Send times (epoch ms) of the OTPs sent within the longest OTP window, oldest first. */
  readonly otpSends: readonly number[];
}

/** A stored row: the state with its optimistic-concurrency version and purge time. */
export interface StoredIndividualLimits extends IndividualLimitState {
  readonly version: number;
  readonly expiresAt: number;
}

/** How a failed attempt may lock: at `after` consecutive failures, until `until`. */
export interface LockRule {
  readonly after: number;
  readonly until: number;
}

/**
 * The individual-limits port. Admission decisions are read-decide-write with
 * {@link IndividualLimitsRepository.compareAndSet}; settling an attempt is one atomic UPDATE
 * each, so an outcome is never lost to a concurrent writer.
 */
export interface IndividualLimitsRepository {
  get(individualHash: string): Promise<StoredIndividualLimits | null>;
  /**
   * Writes `next` only when the row is still at `expectedVersion` (`null`: only when there is
   * no row yet), bumping the version. True when this call wrote, so of N racing writers with the
   * same expectation exactly one wins. `expiresAt` is when the row may be purged.
   */
  compareAndSet(individualHash: string, next: IndividualLimitState, expectedVersion: number | null, expiresAt: number, now: number): Promise<boolean>;
  /** Settles an admitted attempt as failed: one more failure, and the lock when `lock.after` is reached. */
  recordFailure(individualHash: string, now: number, lock: LockRule, expiresAt: number): Promise<void>;
  /** Settles an admitted attempt as successful: the failures, and any lock, are cleared. */
  recordSuccess(individualHash: string, now: number): Promise<void>;
  /** Settles an admitted attempt without charging it (a server-side failure, or it was never checked). */
  release(individualHash: string, now: number): Promise<void>;
  /** How many individuals are locked at `now` (for the operators' gauge; read at scrape time). */
  countLocked(now: number): Promise<number>;
  /** Forgets everything about the individual (operator unlock); returns what was stored. */
  clear(individualHash: string): Promise<StoredIndividualLimits | null>;
}
