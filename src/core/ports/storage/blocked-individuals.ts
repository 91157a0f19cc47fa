/** The blocked-individuals repository: individuals locked out after too many failures, by hashed id. */
export interface BlockedIndividualsRepository {
  /** Blocks until `until`, replacing any earlier block. */
  block(individualHash: string, until: number): Promise<void>;
  isBlocked(individualHash: string, now: number): Promise<boolean>;
}
