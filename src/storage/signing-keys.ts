import type { Database } from './db.js';
import { fromJson, toJson } from './json.js';
import type { KeyPurpose, SigningKeyRecord, SigningKeysRepository } from '../core/ports/storage/signing-keys.js';
import { DuplicateError } from '../core/ports/storage/index.js';
import { uniqueViolation } from './unique-violation.js';

/**
 * A unique violation on signing_keys as the port's DuplicateError: another instance already
 * holds the current key of this (purpose, alg) (migration 0008), or stored the same kid.
 */
function duplicateKey(err: unknown): unknown {
  return uniqueViolation(err) === undefined ? err : new DuplicateError('signing_key');
}

/** The knex implementation of {@link SigningKeysRepository}. */
export function knexSigningKeys(db: Database): SigningKeysRepository {
  return {
    async insert(key) {
      await db('signing_keys')
        .insert(toRow(key))
        .catch((err: unknown) => {
          throw duplicateKey(err);
        });
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
      return db
        .transaction(async (trx) => {
          const current = trx('signing_keys').where({ purpose: key.purpose, alg: key.alg }).whereNull('superseded_at');
          const kids = ((await current.clone().select('kid')) as { kid: string }[]).map((r) => r.kid);
          await current.clone().update({ superseded_at: supersededAt, retire_at: retireAt });
          await trx('signing_keys').insert(toRow(key));
          return kids;
        })
        .catch((err: unknown) => {
          throw duplicateKey(err);
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
