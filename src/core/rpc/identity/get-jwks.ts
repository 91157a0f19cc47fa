import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import type { KeyManager } from "../../../keys/key-manager.js";
import type { Clock } from "../../ports/clock.js";
import { signetError } from "../../errors/index.js";

/**
 * IdentityService.GetJwks: the published keys of a purpose (RFC 7517 §5). `max_age_seconds`
 * is kept short so a rotated key reaches verifiers well within its publish delay.
 */
export function getJwks(deps: { keys: KeyManager; clock: Clock; maxAgeSeconds: number }): MethodImpl<typeof IdentityService.method.getJwks> {
  return async (req) => {
    const purpose = req.purpose === "" ? "token" : req.purpose;
    if (purpose !== "token" && purpose !== "credential") {
      throw signetError("invalid_argument", "purpose: must be token or credential", { field: "purpose" });
    }
    const jwks = await deps.keys.jwks(purpose, deps.clock());
    return { jwks: jwks as never, maxAgeSeconds: BigInt(deps.maxAgeSeconds) };
  };
}
