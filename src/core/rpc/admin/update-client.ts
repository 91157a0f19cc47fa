import type { MethodImpl } from "@connectrpc/connect";
import { ClientStatus, type AdminService } from "../../../gen/signet/v1/admin_pb.js";
import { DuplicateError } from "../../ports/storage/index.js";
import { clientInputOf, clientInputOfRecord, clientMessageOf, newClientOf } from "../../admin/client-mapping.js";
import type { AdminDeps } from "../../admin/deps.js";
import { assertValidClient } from "../../admin/validate-client.js";
import { signetError } from "../../errors/index.js";
import type { ClientInput } from "../../rules/client-rules.js";

/**
 * Proto field name → the ClientInput key it changes. `client_id`, `public_key` and
 * `relying_party_id` are immutable: the last is the pairwise sector, and changing it would
 * change every subject identifier the client has seen and orphan its stored consents.
 */
const mutableFields = {
  name: "name",
  name_langmap: "nameLangmap",
  logo_uri: "logoUri",
  redirect_uris: "redirectUris",
  allowed_claims: "allowedClaims",
  acr_values: "acrValues",
  grant_types: "grantTypes",
  token_endpoint_auth_methods: "tokenEndpointAuthMethods",
  userinfo_response_type: "userinfoResponseType",
  encryption_public_key: "encryptionPublicKey",
  id_token_signed_response_alg: "idTokenSignedResponseAlg",
  consent_expire_minutes: "consentExpireMinutes",
} as const satisfies Record<string, keyof ClientInput>;

type MutableField = keyof typeof mutableFields;

/** AdminService.UpdateClient: replace the masked fields, re-validate the whole client, store. */
export function updateClient(deps: AdminDeps): MethodImpl<typeof AdminService.method.updateClient> {
  return async (req) => {
    const incoming = req.client;
    if (!incoming?.clientId) throw signetError("invalid_client_id", "client.client_id: is required", { field: "client_id" });
    const paths = req.updateMask?.paths ?? [];
    const unknown = paths.filter((p) => !(p in mutableFields) && p !== "status");
    if (unknown.length > 0) {
      throw signetError("invalid_argument", `update_mask: cannot update ${unknown.join(", ")} (immutable or unknown)`, { field: "update_mask" });
    }
    const existing = await deps.clients.get(incoming.clientId);
    if (!existing) throw signetError("not_found", `client_id: no client "${incoming.clientId}"`, { field: "client_id" });

    const fields = (paths.length ? paths.filter((p) => p !== "status") : Object.keys(mutableFields)) as MutableField[];
    const from = clientInputOf(incoming);
    const merged: Record<string, unknown> = { ...clientInputOfRecord(existing) };
    for (const f of fields) merged[mutableFields[f]] = from[mutableFields[f]];
    const input = merged as unknown as ClientInput;
    await assertValidClient(input);

    let status = existing.status;
    if (paths.includes("status") || (paths.length === 0 && incoming.status !== ClientStatus.UNSPECIFIED)) {
      if (incoming.status === ClientStatus.UNSPECIFIED) throw signetError("invalid_status", "status: must be ACTIVE or INACTIVE", { field: "status" });
      status = incoming.status === ClientStatus.ACTIVE ? "ACTIVE" : "INACTIVE";
    }
    const { clientId: _id, publicKey: _pk, ...patch } = newClientOf(input, status);
    try {
      const stored = await deps.clients.update(existing.clientId, patch, deps.clock());
      if (!stored) throw signetError("not_found", `client_id: no client "${existing.clientId}"`, { field: "client_id" });
      deps.clientCache.evict(stored.clientId);
      deps.logger.info("client.updated", { client_id: stored.clientId, fields: paths.length ? paths : "all" });
      return { client: clientMessageOf(stored) };
    } catch (err) {
      if (err instanceof DuplicateError) throw signetError("duplicate_public_key", `${err.field}: already registered to another client`, { field: err.field });
      throw err;
    }
  };
}
