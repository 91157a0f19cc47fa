import type { MethodImpl } from "@connectrpc/connect";
import type { AdminService } from "../../../gen/signet/v1/admin_pb.js";
import { DuplicateError } from "../../ports/storage/index.js";
import { clientInputOf, clientMessageOf, newClientOf } from "../../admin/client-mapping.js";
import type { AdminDeps } from "../../admin/deps.js";
import { assertValidClient } from "../../admin/validate-client.js";
import { signetError } from "../../errors/index.js";

/** AdminService.CreateClient: validate, store ACTIVE, refuse duplicates (ALREADY_EXISTS). */
export function createClient(deps: AdminDeps): MethodImpl<typeof AdminService.method.createClient> {
  return async (req) => {
    if (!req.client) throw signetError("invalid_argument", "client: is required", { field: "client" });
    const input = clientInputOf(req.client);
    await assertValidClient(input);
    try {
      const stored = await deps.clients.create(newClientOf(input, "ACTIVE"), deps.clock());
      // An earlier lookup of this id may have cached "unknown"; drop it so the client works at once.
      deps.clientCache.evict(stored.clientId);
      deps.logger.info("client.created", { client_id: stored.clientId });
      return { client: clientMessageOf(stored) };
    } catch (err) {
      if (err instanceof DuplicateError) {
        const field = err.field;
        throw field === "public_key"
          ? signetError("duplicate_public_key", "public_key: another client is registered with this key", { field })
          : signetError("duplicate_client_id", `client_id: a client with id "${input.clientId}" already exists`, { field });
      }
      throw err;
    }
  };
}
