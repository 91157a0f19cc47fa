/** What a subject agreed to share with a client, remembered so the consent page can be skipped. */
export interface ConsentRecord {
  readonly clientId: string;
  readonly subject: string;
  readonly claims: readonly string[];
  readonly scopes: readonly string[];
  /** Hash of the request the consent answered; a different request asks again. */
  readonly requestHash: string;
  readonly createdAt: number;
  /** Null: kept until revoked. */
  readonly expiresAt: number | null;
}

/** The consents repository. */
export interface ConsentsRepository {
  /** Stores the consent, replacing any earlier one for the same (client, subject). */
  upsert(consent: ConsentRecord): Promise<void>;
  /** The live consent at `now`, or null when none or expired. */
  get(clientId: string, subject: string, now: number): Promise<ConsentRecord | null>;
  /** Returns false when there was none. */
  delete(clientId: string, subject: string): Promise<boolean>;
}
