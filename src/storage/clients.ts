import { calculateJwkThumbprint } from 'jose';
import type { JWK } from 'jose';
import type { Database } from './db.js';
import { DuplicateError, uniqueViolation } from './errors.js';
import { fromJson, fromJsonOrNull, toJson } from './json.js';

/** A registered relying party (eSignet client-mgmt `client_detail`), JSON columns parsed. */
export interface ClientRecord {
  readonly clientId: string;
  readonly name: string;
  /** Display names by BCP 47 language tag. */
  readonly nameLangmap: Readonly<Record<string, string>>;
  readonly logoUri: string;
  readonly redirectUris: readonly string[];
  /** The public JWK that verifies the client's private_key_jwt assertions. */
  readonly publicKey: JWK;
  /** RFC 7638 SHA-256 thumbprint of `publicKey`, computed by the store. */
  readonly publicKeyThumbprint: string;
  readonly allowedClaims: readonly string[];
  readonly acrValues: readonly string[];
  readonly grantTypes: readonly string[];
  readonly tokenEndpointAuthMethods: readonly string[];
  readonly status: ClientStatus;
  readonly userinfoResponseType: 'JWS' | 'JWE';
  readonly encryptionPublicKey: JWK | null;
  readonly idTokenSignedResponseAlg: string;
  readonly relyingPartyId: string;
  readonly consentExpireMinutes: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Whether a client may be used. */
export type ClientStatus = 'ACTIVE' | 'INACTIVE';
/** What a caller supplies to register a client. */
export type NewClient = Omit<ClientRecord, 'publicKeyThumbprint' | 'createdAt' | 'updatedAt'>;
/** Fields an update may change. */
export type ClientPatch = Partial<Omit<NewClient, 'clientId'>>;
/** One page of {@link ClientsRepository.list}; pass `nextCursor` back for the next page. */
export interface ClientPage {
  readonly items: readonly ClientRecord[];
  readonly nextCursor: string | null;
}

/** The clients port. */
export interface ClientsRepository {
  /** @throws DuplicateError with `field` `client_id` or `public_key`. */
  create(client: NewClient, now: number): Promise<ClientRecord>;
  /** Returns the updated record, or null when no such client. @throws DuplicateError (`public_key`). */
  update(clientId: string, patch: ClientPatch, now: number): Promise<ClientRecord | null>;
  get(clientId: string): Promise<ClientRecord | null>;
  /** Clients ordered by client_id, starting after `cursor`. */
  list(pageSize: number, cursor?: string | null): Promise<ClientPage>;
  /** Returns false when no such client. */
  setStatus(clientId: string, status: ClientStatus, now: number): Promise<boolean>;
}

/** The knex implementation of {@link ClientsRepository}. */
export function knexClients(db: Database): ClientsRepository {
  const table = () => db('clients');
  const get = async (clientId: string) => {
    const row = (await table().where({ client_id: clientId }).first()) as ClientRow | undefined;
    return row ? fromRow(row) : null;
  };
  return {
    async create(client, now) {
      const row = { ...(await toColumns(client)), client_id: client.clientId, created_at: now, updated_at: now };
      await refuseDuplicates(() => table().insert(row));
      return fromRow(row as ClientRow);
    },
    async update(clientId, patch, now) {
      const columns = await toColumns(patch);
      const changed = await refuseDuplicates(() =>
        table().where({ client_id: clientId }).update({ ...columns, updated_at: now }),
      );
      return changed === 1 ? get(clientId) : null;
    },
    get,
    async list(pageSize, cursor) {
      const query = table().orderBy('client_id').limit(pageSize + 1);
      if (cursor) query.where('client_id', '>', cursor);
      const rows = (await query) as ClientRow[];
      const items = rows.slice(0, pageSize).map(fromRow);
      return { items, nextCursor: rows.length > pageSize ? (items.at(-1)?.clientId ?? null) : null };
    },
    async setStatus(clientId, status, now) {
      return (await table().where({ client_id: clientId }).update({ status, updated_at: now })) === 1;
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
