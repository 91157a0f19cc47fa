import type { MethodImpl } from "@connectrpc/connect";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { AdminService } from "../../../gen/signet/v1/admin_pb.js";
import type { AdminDeps } from "../../admin/deps.js";
import { signetError } from "../../errors/index.js";
import { isLocked } from "../../limits/guess-rules.js";
import { individualKey, normaliseIndividualId } from "../../limits/individual-id.js";

/**
 * AdminService.UnlockIndividual: forgets the individual's failures, lock and OTP sends on
 * every instance (one shared row). The id is normalised and hashed exactly as at login, so
 * the operator may type it with spaces or hyphens; it is never logged.
 */
export function unlockIndividual(deps: AdminDeps): MethodImpl<typeof AdminService.method.unlockIndividual> {
  return async (req) => {
    const individual = normaliseIndividualId(req.individualId);
    if (!individual.ok) throw signetError("invalid_argument", `individual_id: ${individual.rule}`, { field: "individual_id" });
    const cleared = await deps.individualLimits.clear(individualKey(deps.secrets, individual.id));
    const now = deps.clock();
    const wasLocked = cleared !== null && isLocked(cleared, now);
    deps.logger.info("individual.unlocked", { found: cleared !== null, was_locked: wasLocked });
    return {
      found: cleared !== null,
      consecutiveFailures: cleared?.failures ?? 0,
      wasLocked,
      lockedUntil: wasLocked ? timestampFromMs(cleared.lockedUntil!) : undefined,
    };
  };
}
