import type { DecryptionKey } from "../../sbi/verifier/types.js";
import type { BioType } from "../../sbi/constants.js";

/** Trust anchors and decryption keys for verifying captures; resolved per verification. */
export interface SbiTrust {
  readonly deviceRoots: readonly string[];
  readonly ftmRoots: readonly string[];
  readonly decryption: readonly DecryptionKey[];
}

/**
 * How Signet asks devices for captures and verifies them (reference sbi.md §4.1, §9, §13).
 * The login page origin is the `domainUri` every capture must echo.
 */
export interface SbiSettings {
  readonly env: string;
  readonly domainUri: string;
  readonly specVersion: string;
  readonly timeoutMs: number;
  readonly requestedScore: number;
  /** Modalities a BIO factor may be satisfied with; one capture uses one of them. */
  readonly modalities: readonly { readonly type: BioType; readonly count: number; readonly bioSubtypes: readonly string[] }[];
  readonly decrypt: boolean;
  readonly maxAgeSeconds: number;
  trust(): Promise<SbiTrust>;
}
