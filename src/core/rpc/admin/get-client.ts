import type { MethodImpl } from "@connectrpc/connect";
import type { AdminService } from "../../../gen/signet/v1/admin_pb.js";
import { clientMessageOf } from "../../admin/client-mapping.js";
import type { AdminDeps } from "../../admin/deps.js";
import { signetError } from "../../errors/index.js";

/** AdminService.GetClient: the stored client, or NOT_FOUND. */
export function getClient(deps: AdminDeps): MethodImpl<typeof AdminService.method.getClient> {
  return async (req) => {
    if (!req.clientId) throw signetError("invalid_client_id", "client_id: is required", { field: "client_id" });
    const found = await deps.clients.get(req.clientId);
    if (!found) throw signetError("not_found", `client_id: no client "${req.clientId}"`, { field: "client_id" });
    return { client: clientMessageOf(found) };
  };
}
