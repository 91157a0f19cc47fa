import type { JWK } from "jose";

/** What a key signs: OIDC tokens, or verifiable credentials. */
export type KeyPurpose = "token" | "credential";

/** A stored signing key. The private key is opaque here: src/keys encrypts it before it arrives. */
export interface SigningKeyRecord {
  /** RFC 7638 thumbprint of the public key. */
  readonly kid: string;
  readonly purpose: KeyPurpose;
  readonly alg: string;
  /** Public members only. */
  readonly publicJwk: JWK;
  /** The encrypted private key (see src/keys/key-encryption.ts). */
  readonly privateKey: string;
  readonly createdAt: number;
  /** From this instant the key may sign. */
  readonly activateAt: number;
  /** From this instant a newer key signs instead; null while it is current. */
  readonly supersededAt: number | null;
  /** From this instant the key leaves the JWKS; null while it is current. */
  readonly retireAt: number | null;
}

/** The signing-keys repository: just what the key manager needs. */
export interface SigningKeysRepository {
  /**
   * Stores a key. At most one key per (purpose, alg) is current (not superseded): inserting a
   * second current one throws DuplicateError — another instance created it first.
   */
  insert(key: SigningKeyRecord): Promise<void>;
  /** All keys of a purpose, oldest activation first. */
  listByPurpose(purpose: KeyPurpose): Promise<SigningKeyRecord[]>;
  /**
   * In one transaction: marks every not-yet-superseded key of (purpose, alg) superseded and
   * retiring at the given instants, then inserts the key replacing them. Returns the kids superseded.
   * Throws DuplicateError when a concurrent rotation made a new current key meanwhile.
   */
  rotate(key: SigningKeyRecord, supersededAt: number, retireAt: number): Promise<string[]>;
}
