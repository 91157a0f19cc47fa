import type { JWK } from 'jose';
import type { Database } from './db.js';
import { fromJson, toJson } from './json.js';

/** What a key signs: OIDC tokens, or verifiable credentials. */
export type KeyPurpose = 'token' | 'credential';

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

/** The signing-keys port: just what the key manager needs. */
export interface SigningKeysRepository {
  insert(key: SigningKeyRecord): Promise<void>;
  /** All keys of a purpose, oldest activation first. */
  listByPurpose(purpose: KeyPurpose): Promise<SigningKeyRecord[]>;
  /**
   * In one transaction: marks every not-yet-superseded key of (purpose, alg) superseded and
   * retiring at the given instants, then inserts the key replacing them. Returns the kids superseded.
   */
  rotate(key: SigningKeyRecord, supersededAt: number, retireAt: number): Promise<string[]>;
}

/** The knex implementation of {@link SigningKeysRepository}. */
export function knexSigningKeys(db: Database): SigningKeysRepository {
  return {
    async insert(key) {
      await db('signing_keys').insert(toRow(key));
    },
    async listByPurpose(purpose) {
      const rows = (await db('signing_keys').where({ purpose }).orderBy([
        { column: 'activate_at' },
        { column: 'created_at' },
        { column: 'kid' },
      ])) as SigningKeyRow[];
      return rows.map(fromRow);
    },
    async rotate(key, supersededAt, retireAt) {
      return db.transaction(async (trx) => {
        const current = trx('signing_keys').where({ purpose: key.purpose, alg: key.alg }).whereNull('superseded_at');
        const kids = ((await current.clone().select('kid')) as { kid: string }[]).map((r) => r.kid);
        await current.clone().update({ superseded_at: supersededAt, retire_at: retireAt });
        await trx('signing_keys').insert(toRow(key));
        return kids;
      });
    },
  };
}

interface SigningKeyRow {
  kid: string; purpose: KeyPurpose; alg: string; public_jwk: string; private_key: string;
  created_at: number; activate_at: number; superseded_at: number | null; retire_at: number | null;
}

function toRow(k: SigningKeyRecord): SigningKeyRow {
  return {
    kid: k.kid, purpose: k.purpose, alg: k.alg, public_jwk: toJson(k.publicJwk), private_key: k.privateKey,
    created_at: k.createdAt, activate_at: k.activateAt, superseded_at: k.supersededAt, retire_at: k.retireAt,
  };
}

function fromRow(r: SigningKeyRow): SigningKeyRecord {
  return {
    kid: r.kid, purpose: r.purpose, alg: r.alg, publicJwk: fromJson(r.public_jwk), privateKey: r.private_key,
    createdAt: r.created_at, activateAt: r.activate_at, supersededAt: r.superseded_at, retireAt: r.retire_at,
  };
}
