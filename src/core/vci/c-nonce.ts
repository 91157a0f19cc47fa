import type { FlowDeps } from "../flow/deps.js";
import type { Repositories } from "../ports/storage/index.js";
import { hashSecret, randomToken } from "../secrets.js";

/**
 * Issues a fresh single-use c_nonce (OpenID4VCI 1.0 §7), storing only its hash with a TTL;
 * `store` is the unit of work's repositories when the nonce is one of a step's writes.
 */
export async function issueCNonce(deps: FlowDeps<"nonces">, store: Pick<Repositories, "nonces"> = deps.storage): Promise<{ value: string; expiresIn: number }> {
  const now = deps.clock();
  const value = randomToken(24);
  await store.nonces.issue(hashSecret(value), now + deps.settings.cNonceSeconds * 1000, now, "c_nonce");
  return { value, expiresIn: deps.settings.cNonceSeconds };
}
