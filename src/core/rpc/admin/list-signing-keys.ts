import type { MethodImpl } from "@connectrpc/connect";
import type { AdminService } from "../../../gen/signet/v1/admin_pb.js";
import type { AdminDeps } from "../../admin/deps.js";
import { purposeOf, signingKeyMessage } from "../../admin/key-mapping.js";

/** AdminService.ListSigningKeys: keys of a purpose, newest first, with their state now. */
export function listSigningKeys(deps: AdminDeps): MethodImpl<typeof AdminService.method.listSigningKeys> {
  return async (req) => {
    const keys = await deps.keys.list(purposeOf(req.purpose), deps.clock(), req.includeRetired);
    return { keys: keys.reverse().map(signingKeyMessage) };
  };
}
