import { calculateJwkThumbprint } from 'jose';
import type { Database } from './db.js';
import { notifyClientChanged } from './pg/client-changes.js';
import { DuplicateError } from '../core/ports/storage/duplicate-error.js';
import { uniqueViolation } from './unique-violation.js';
import { fromJson, fromJsonOrNull, toJson } from './json.js';
import type { ClientPatch, ClientRecord, ClientStatus, ClientsRepository } from '../core/ports/storage/clients.js';

/**
 * The knex implementation of {@link ClientsRepository}. `notify` (PostgreSQL): the channel every
 * write also notifies the other instances on, in the write's own transaction — or the unit of
 * work's, when `db` is bound to one (pg/client-changes.ts) — so the change and the news of it
 * commit together; absent (sqlite), writes notify no one.
 */
export function knexClients(db: Database, notify?: string): ClientsRepository {
  /** `write` on a transaction that also notifies about `clientId` (PostgreSQL), or on `db`. */
  const announced = <T>(clientId: string, write: (q: Database) => PromiseLike<T>): Promise<T> =>
    notify === undefined
      ? Promise.resolve(write(db))
      : db.transaction(async (trx) => {
          const result = await write(trx);
          await notifyClientChanged(trx, notify, clientId);
          return result;
        });
  const get = async (clientId: string) => {
    const row = (await db('clients').where({ client_id: clientId }).first()) as ClientRow | undefined;
    return row ? fromRow(row) : null;
  };
  return {
    async create(client, now) {
      const row = Object.assign({}, await toColumns(client), { client_id: client.clientId, created_at: now, updated_at: now });
      await refuseDuplicates(() => announced(client.clientId, (q) => q('clients').insert(row)));
      return fromRow(row as ClientRow);
    },
    async update(clientId, patch, now) {
      const columns = await toColumns(patch);
      const changed = await refuseDuplicates(() =>
        announced(clientId, (q) => q('clients').where({ client_id: clientId }).update(Object.assign({}, columns, { updated_at: now }))),
      );
      return changed === 1 ? get(clientId) : null;
    },
    get,
    async list(pageSize, cursor) {
      const query = db('clients').orderBy('client_id').limit(pageSize + 1);
      if (cursor) query.where('client_id', '>', cursor);
      const rows = (await query) as ClientRow[];
      const items = rows.slice(0, pageSize).map(fromRow);
      return { items, nextCursor: rows.length > pageSize ? (items.at(-1)?.clientId ?? null) : null };
    },
    async setStatus(clientId, status, now) {
      return (await announced(clientId, (q) => q('clients').where({ client_id: clientId }).update({ status, updated_at: now }))) === 1;
    },
  };
}

/** Maps the store's unique violations to the domain's field names. */
async function refuseDuplicates<T>(write: () => PromiseLike<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const hit = uniqueViolation(err);
    if (hit === undefined) throw err;
    throw new DuplicateError(hit.includes('thumbprint') ? 'public_key' : 'client_id');
  }
}

interface ClientRow {
  client_id: string; name: string; name_langmap: string; logo_uri: string; redirect_uris: string;
  public_key: string; public_key_thumbprint: string; allowed_claims: string; acr_values: string;
  grant_types: string; token_endpoint_auth_methods: string; status: ClientStatus;
  userinfo_response_type: 'JWS' | 'JWE'; encryption_public_key: string | null;
  id_token_signed_response_alg: string; relying_party_id: string; consent_expire_minutes: number | null;
  created_at: number; updated_at: number;
}

/** Column values for whichever fields are present (create passes all, update a subset). */
async function toColumns(c: ClientPatch): Promise<Partial<ClientRow>> {
  const cols: Partial<ClientRow> = {};
  const json = <K extends keyof ClientRow>(key: K, value: unknown) => {
    if (value !== undefined) cols[key] = toJson(value) as ClientRow[K];
  };
  const plain = <K extends keyof ClientRow>(key: K, value: ClientRow[K] | undefined) => {
    if (value !== undefined) cols[key] = value;
  };
  plain('name', c.name);
  json('name_langmap', c.nameLangmap);
  plain('logo_uri', c.logoUri);
  json('redirect_uris', c.redirectUris);
  if (c.publicKey !== undefined) {
    json('public_key', c.publicKey);
    cols.public_key_thumbprint = await calculateJwkThumbprint(c.publicKey, 'sha256');
  }
  json('allowed_claims', c.allowedClaims);
  json('acr_values', c.acrValues);
  json('grant_types', c.grantTypes);
  json('token_endpoint_auth_methods', c.tokenEndpointAuthMethods);
  plain('status', c.status);
  plain('userinfo_response_type', c.userinfoResponseType);
  if (c.encryptionPublicKey !== undefined) {
    cols.encryption_public_key = c.encryptionPublicKey === null ? null : toJson(c.encryptionPublicKey);
  }
  plain('id_token_signed_response_alg', c.idTokenSignedResponseAlg);
  plain('relying_party_id', c.relyingPartyId);
  plain('consent_expire_minutes', c.consentExpireMinutes);
  return cols;
}

function fromRow(r: ClientRow): ClientRecord {
  return {
    clientId: r.client_id,
    name: r.name,
    nameLangmap: fromJson(r.name_langmap),
    logoUri: r.logo_uri,
    redirectUris: fromJson(r.redirect_uris),
    publicKey: fromJson(r.public_key),
    publicKeyThumbprint: r.public_key_thumbprint,
    allowedClaims: fromJson(r.allowed_claims),
    acrValues: fromJson(r.acr_values),
    grantTypes: fromJson(r.grant_types),
    tokenEndpointAuthMethods: fromJson(r.token_endpoint_auth_methods),
    status: r.status,
    userinfoResponseType: r.userinfo_response_type,
    encryptionPublicKey: fromJsonOrNull(r.encryption_public_key),
    idTokenSignedResponseAlg: r.id_token_signed_response_alg,
    relyingPartyId: r.relying_party_id,
    consentExpireMinutes: r.consent_expire_minutes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
