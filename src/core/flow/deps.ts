import type { SignetConfig } from "../../config/config.js";
import type { Clock } from "../ports/clock.js";
import type { Logger } from "../logger.js";
import type { ClientCache } from "../client-cache.js";
import type { Endpoints } from "../discovery.js";
import type { ServerSecrets } from "../secrets.js";
import type { RepositoryName, StorageOf } from "../ports/storage/index.js";
import type { KeyManager } from "../../keys/key-manager.js";
import type { IdentitySystem } from "../ports/identity.js";
import type { CredentialIssuer } from "../vci/credential-issuer.js";
import type { SbiSettings } from "../sbi/sbi-settings.js";

/** Lifetimes and limits the flow RPCs use: a slice of SignetConfig, so each is documented once. */
export type FlowSettings = Omit<SignetConfig["tokens"], "pairwiseSalt"> &
  SignetConfig["login"] &
  Pick<SignetConfig["vci"], "cNonceSeconds">;

/**
 * What the IdentityService handlers need: factories take their dependencies. `K` names the
 * repositories a handler uses, so each RPC is handed (and a test fakes) only those.
 */
export interface FlowDeps<K extends RepositoryName = RepositoryName> {
  readonly storage: StorageOf<K>;
  readonly clients: ClientCache;
  readonly keys: KeyManager;
  readonly identity: IdentitySystem;
  readonly secrets: ServerSecrets;
  readonly endpoints: Endpoints;
  readonly settings: FlowSettings;
  readonly credentialScopes: readonly string[];
  /** The OpenID4VCI credential issuer, when configured. */
  readonly vci?: CredentialIssuer;
  /** Biometric login through SBI, when configured. */
  readonly sbi?: SbiSettings;
  readonly clock: Clock;
  readonly logger: Logger;
}
