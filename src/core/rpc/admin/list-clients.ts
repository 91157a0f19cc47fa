import type { MethodImpl } from "@connectrpc/connect";
import type { AdminService } from "../../../gen/signet/v1/admin_pb.js";
import { clientMessageOf } from "../../admin/client-mapping.js";
import type { AdminDeps } from "../../admin/deps.js";
import { signetError } from "../../errors/index.js";

/** AdminService.ListClients: pages ordered by client id; the page token is opaque (base64url cursor). */
export function listClients(deps: AdminDeps): MethodImpl<typeof AdminService.method.listClients> {
  return async (req) => {
    if (req.pageSize < 0 || req.pageSize > 1000) {
      throw signetError("invalid_argument", "page_size: must be 0–1000", { field: "page_size" });
    }
    let cursor: string | null = null;
    if (req.pageToken) {
      cursor = Buffer.from(req.pageToken, "base64url").toString("utf8");
      if (!cursor || Buffer.from(cursor, "utf8").toString("base64url") !== req.pageToken) {
        throw signetError("invalid_argument", "page_token: is not a token from a previous page", { field: "page_token" });
      }
    }
    const page = await deps.clients.list(req.pageSize || 100, cursor);
    return {
      clients: page.items.map(clientMessageOf),
      nextPageToken: page.nextCursor ? Buffer.from(page.nextCursor, "utf8").toString("base64url") : "",
    };
  };
}
