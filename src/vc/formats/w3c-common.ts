import type { W3cConfiguration } from '../config/types.js';
import type { IssuerKey } from '../keys/issuer-keys.js';

/** Inputs shared by the two W3C formats (`jwt_vc_json`, `ldp_vc`). */
export interface W3cIssueInput {
  readonly configuration: W3cConfiguration;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly holderDid: string;
  readonly issuerId: string;
  /** Where Signet's JSON-LD context is published (ldp_vc resolves it from memory under this URL). */
  readonly signetContextUrl?: string;
  /** ES256 or EdDSA key for `jwt_vc_json`; Ed25519 for `ldp_vc`. */
  readonly key: IssuerKey;
  /** Issuance time, milliseconds since the epoch. */
  readonly now: number;
  readonly jti: string;
}

/** XSD dateTime with second precision and `Z` (VCDM 1.1 issuanceDate, VCDM 2.0 §4.9 validFrom). */
export function xsdDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
