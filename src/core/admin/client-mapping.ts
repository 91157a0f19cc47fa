import { create, type JsonObject } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { JWK } from "jose";
import {
  ClientSchema,
  ClientStatus,
  UserinfoResponseType,
  type Client,
} from "../../gen/signet/v1/admin_pb.js";
import type { ClientRecord, NewClient } from "../ports/storage/index.js";
import type { ClientInput } from "../rules/client-rules.js";

/**
 * Maps between the contract's Client message and the stored ClientRecord.
 * google.protobuf.Struct fields are plain JSON objects in protobuf-es.
 */

const structToObject = (s: JsonObject | undefined): JsonObject | undefined =>
  s === undefined || Object.keys(s).length === 0 ? undefined : s;

const objectToStruct = (o: object | null | undefined): JsonObject | undefined => (o ? (o as JsonObject) : undefined);

/** The validation view of a Client message, with defaults for omitted list fields. */
export function clientInputOf(c: Client): ClientInput {
  return {
    clientId: c.clientId,
    name: c.name,
    nameLangmap: c.nameLangmap,
    logoUri: c.logoUri,
    redirectUris: c.redirectUris,
    publicKey: structToObject(c.publicKey),
    allowedClaims: c.allowedClaims,
    acrValues: c.acrValues,
    grantTypes: c.grantTypes.length ? c.grantTypes : ["authorization_code"],
    tokenEndpointAuthMethods: c.tokenEndpointAuthMethods.length ? c.tokenEndpointAuthMethods : ["private_key_jwt"],
    userinfoResponseType: c.userinfoResponseType === UserinfoResponseType.JWE ? "JWE" : "JWS",
    encryptionPublicKey: structToObject(c.encryptionPublicKey),
    idTokenSignedResponseAlg: c.idTokenSignedResponseAlg,
    relyingPartyId: c.relyingPartyId,
    consentExpireMinutes: c.consentExpireMinutes,
  };
}

/** The validation view of a stored record (for updates that change some fields). */
export function clientInputOfRecord(r: ClientRecord): ClientInput {
  return Object.assign({}, r, {
    publicKey: r.publicKey as JsonObject,
    encryptionPublicKey: (r.encryptionPublicKey ?? undefined) as JsonObject | undefined,
    consentExpireMinutes: r.consentExpireMinutes ?? 0,
  });
}

/** A validated input as a record to store. */
export function newClientOf(i: ClientInput, status: "ACTIVE" | "INACTIVE"): NewClient {
  return {
    clientId: i.clientId,
    name: i.name,
    nameLangmap: i.nameLangmap,
    logoUri: i.logoUri,
    redirectUris: i.redirectUris,
    publicKey: i.publicKey as JWK,
    allowedClaims: i.allowedClaims,
    acrValues: i.acrValues,
    grantTypes: i.grantTypes,
    tokenEndpointAuthMethods: i.tokenEndpointAuthMethods,
    status,
    userinfoResponseType: i.userinfoResponseType,
    encryptionPublicKey: (i.encryptionPublicKey as JWK | undefined) ?? null,
    idTokenSignedResponseAlg: i.idTokenSignedResponseAlg,
    relyingPartyId: i.relyingPartyId,
    consentExpireMinutes: i.consentExpireMinutes === 0 ? null : i.consentExpireMinutes,
  };
}

/** A stored record as the contract's Client message. */
export function clientMessageOf(r: ClientRecord): Client {
  return create(ClientSchema, {
    clientId: r.clientId,
    name: r.name,
    nameLangmap: { ...r.nameLangmap },
    logoUri: r.logoUri,
    redirectUris: [...r.redirectUris],
    publicKey: objectToStruct(r.publicKey),
    allowedClaims: [...r.allowedClaims],
    acrValues: [...r.acrValues],
    grantTypes: [...r.grantTypes],
    tokenEndpointAuthMethods: [...r.tokenEndpointAuthMethods],
    status: r.status === "ACTIVE" ? ClientStatus.ACTIVE : ClientStatus.INACTIVE,
    userinfoResponseType: r.userinfoResponseType === "JWE" ? UserinfoResponseType.JWE : UserinfoResponseType.JWS,
    encryptionPublicKey: objectToStruct(r.encryptionPublicKey),
    idTokenSignedResponseAlg: r.idTokenSignedResponseAlg,
    relyingPartyId: r.relyingPartyId,
    consentExpireMinutes: r.consentExpireMinutes ?? 0,
    createTime: timestampFromMs(r.createdAt),
    updateTime: timestampFromMs(r.updatedAt),
  });
}
