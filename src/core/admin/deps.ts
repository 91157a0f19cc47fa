import type { Clock } from "../ports/clock.js";
import type { Logger } from "../logger.js";
import type { ClientsRepository } from "../ports/storage/index.js";
import type { KeyManager } from "../../keys/key-manager.js";
import type { ClientCache } from "../client-cache.js";
import type { IndividualLimitsRepository } from "../ports/storage/index.js";
import type { ServerSecrets } from "../secrets.js";

/** What the AdminService handlers need. */
export interface AdminDeps {
  readonly clients: ClientsRepository;
  readonly clientCache: ClientCache;
  readonly keys: KeyManager;
  /** The guessing limits per individual (UnlockIndividual). */
  readonly individualLimits: IndividualLimitsRepository;
  /** Keys the individual-id hash. */
  readonly secrets: ServerSecrets;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * RotateSigningKey's publish delays: the shortest safe one (every instance and every JWKS
   * cache holds a new key before it signs) with how it is made up, and the one used when a
   * request asks for none.
   */
  readonly rotation: { readonly minimumSeconds: number; readonly because: string; readonly defaultSeconds: number };
}
