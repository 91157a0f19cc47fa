import type { MethodImpl } from "@connectrpc/connect";
import type { AdminService } from "../../../gen/signet/v1/admin_pb.js";
import type { AdminDeps } from "../../admin/deps.js";
import { purposeOf, signingKeyMessage } from "../../admin/key-mapping.js";
import { signetError } from "../../errors/index.js";

/** AdminService.RotateSigningKey: new keys published now, signing after the publish delay. */
export function rotateSigningKey(deps: AdminDeps): MethodImpl<typeof AdminService.method.rotateSigningKey> {
  return async (req) => {
    const delay = Number(req.publishDelaySeconds);
    if (!Number.isSafeInteger(delay) || delay < 0 || delay > 30 * 86400) {
      throw signetError("invalid_argument", "publish_delay_seconds: must be 0–2592000", { field: "publish_delay_seconds" });
    }
    const purpose = purposeOf(req.purpose);
    const created = await deps.keys.rotate(purpose, delay, deps.clock());
    deps.logger.info("signing_key.rotated", { purpose, kids: created.map((k) => k.kid), publish_delay_seconds: delay });
    return { keys: created.map(signingKeyMessage) };
  };
}
