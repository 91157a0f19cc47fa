import type { ServiceImpl } from "@connectrpc/connect";
import type { AdminService } from "../../gen/signet/v1/admin_pb.js";
import { createClient } from "../rpc/admin/create-client.js";
import { getClient } from "../rpc/admin/get-client.js";
import { listClients } from "../rpc/admin/list-clients.js";
import { listSigningKeys } from "../rpc/admin/list-signing-keys.js";
import { rotateSigningKey } from "../rpc/admin/rotate-signing-key.js";
import { setClientStatus } from "../rpc/admin/set-client-status.js";
import { unlockIndividual } from "../rpc/admin/unlock-individual.js";
import { updateClient } from "../rpc/admin/update-client.js";
import type { AdminDeps } from "./deps.js";

/**
 * signet.v1.AdminService. Only the admin role may call it: the core's policy interceptor
 * refuses every other caller before a method runs (src/server/auth/policy.ts).
 */
export function createAdminService(deps: AdminDeps): ServiceImpl<typeof AdminService> {
  return {
    createClient: createClient(deps),
    updateClient: updateClient(deps),
    getClient: getClient(deps),
    listClients: listClients(deps),
    setClientStatus: setClientStatus(deps),
    listSigningKeys: listSigningKeys(deps),
    rotateSigningKey: rotateSigningKey(deps),
    unlockIndividual: unlockIndividual(deps),
  };
}
