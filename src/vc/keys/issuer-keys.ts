import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

/**
 * One issuer signing key, supplied by the key manager. The private key stays a `KeyObject`:
 * Signet signs with node:crypto and never exports it.
 */
export interface IssuerKey {
  /** Key id: the JWS `kid` header and the fragment of the ldp_vc verification method. */
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** Public JWK (published in the jwt-vc-issuer metadata / controller document). */
  readonly publicJwk: JWK;
}

/** The issuer: its identifier (an HTTPS URL — the credential issuer) and its signing keys. */
export interface Issuer {
  readonly id: string;
  /** Where Signet's JSON-LD context is published (`signetContextUrl`); ldp_vc canonicalization resolves it from memory. */
  readonly signetContextUrl?: string;
  readonly keys: {
    /** ECDSA P-256 key for ES256-signed JWT formats. */
    readonly es256?: IssuerKey;
    /** Ed25519 key for EdDSA-signed JWT formats and ldp_vc `eddsa-rdfc-2022`. */
    readonly ed25519?: IssuerKey;
  };
}
