import type { JWK } from "jose";

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
  readonly userinfoResponseType: "JWS" | "JWE";
  readonly encryptionPublicKey: JWK | null;
  readonly idTokenSignedResponseAlg: string;
  readonly relyingPartyId: string;
  readonly consentExpireMinutes: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Whether a client may be used. */
export type ClientStatus = "ACTIVE" | "INACTIVE";
/** What a caller supplies to register a client. */
export type NewClient = Omit<ClientRecord, "publicKeyThumbprint" | "createdAt" | "updatedAt">;
/** Fields an update may change. */
export type ClientPatch = Partial<Omit<NewClient, "clientId">>;
/** One page of {@link ClientsRepository.list}; pass `nextCursor` back for the next page. */
export interface ClientPage {
  readonly items: readonly ClientRecord[];
  readonly nextCursor: string | null;
}

/** The clients repository. */
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
