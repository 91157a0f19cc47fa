import type { MethodImpl } from "@connectrpc/connect";
import { ClientStatus, type AdminService } from "../../../gen/signet/v1/admin_pb.js";
import { clientMessageOf } from "../../admin/client-mapping.js";
import type { AdminDeps } from "../../admin/deps.js";
import { signetError } from "../../errors/index.js";

/** AdminService.SetClientStatus: ACTIVE or INACTIVE; evicts the cached record at once. */
export function setClientStatus(deps: AdminDeps): MethodImpl<typeof AdminService.method.setClientStatus> {
  return async (req) => {
    if (req.status !== ClientStatus.ACTIVE && req.status !== ClientStatus.INACTIVE) {
      throw signetError("invalid_status", "status: must be ACTIVE or INACTIVE", { field: "status" });
    }
    const status = req.status === ClientStatus.ACTIVE ? "ACTIVE" : "INACTIVE";
    const changed = await deps.clients.setStatus(req.clientId, status, deps.clock());
    if (!changed) throw signetError("not_found", `client_id: no client "${req.clientId}"`, { field: "client_id" });
    deps.clientCache.evict(req.clientId);
    deps.logger.info("client.status_changed", { client_id: req.clientId, status });
    const stored = await deps.clients.get(req.clientId);
    return { client: stored ? clientMessageOf(stored) : undefined };
  };
}
