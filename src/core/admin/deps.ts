import type { Clock } from "../ports/clock.js";
import type { Logger } from "../logger.js";
import type { ClientsRepository } from "../ports/storage/index.js";
import type { KeyManager } from "../../keys/key-manager.js";
import type { ClientCache } from "../client-cache.js";

/** What the AdminService handlers need. */
export interface AdminDeps {
  readonly clients: ClientsRepository;
  readonly clientCache: ClientCache;
  readonly keys: KeyManager;
  readonly clock: Clock;
  readonly logger: Logger;
}
