import type { MethodImpl } from "@connectrpc/connect";
import type { AdminService } from "../../../gen/signet/v1/admin_pb.js";
import type { AdminDeps } from "../../admin/deps.js";
import { purposeOf, signingKeyMessage } from "../../admin/key-mapping.js";
import { signetError } from "../../errors/index.js";

/**
 * AdminService.RotateSigningKey: new keys published now, signing after the publish delay — the
 * requested one, or the configured default for 0. A delay shorter than the minimum (every
 * instance reloads keys and every JWKS cache expires first) is refused: some verifier would
 * meet tokens signed by a key it has not seen.
 */
export function rotateSigningKey(deps: AdminDeps): MethodImpl<typeof AdminService.method.rotateSigningKey> {
  return async (req) => {
    const requested = Number(req.publishDelaySeconds);
    if (!Number.isSafeInteger(requested) || requested < 0 || requested > 30 * 86400) {
      throw signetError("invalid_argument", "publish_delay_seconds: must be 0–2592000", { field: "publish_delay_seconds" });
    }
    const { minimumSeconds, because, defaultSeconds } = deps.rotation;
    const delay = requested === 0 ? defaultSeconds : requested;
    if (delay < minimumSeconds) {
      throw signetError(
        "invalid_argument",
        `publish_delay_seconds: must be at least ${minimumSeconds} (${because}), so every instance and every JWKS cache holds the new keys before they sign; 0 uses the default, ${defaultSeconds}`,
        { field: "publish_delay_seconds" },
      );
    }
    const purpose = purposeOf(req.purpose);
    const created = await deps.keys.rotate(purpose, delay, deps.clock());
    deps.logger.info("signing_key.rotated", { purpose, kids: created.map((k) => k.kid), publish_delay_seconds: delay });
    return { keys: created.map(signingKeyMessage) };
  };
}
