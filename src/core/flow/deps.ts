import type { SignetConfig } from "../../config/config.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { ClientCache } from "../client-cache.js";
import type { Endpoints } from "../discovery.js";
import type { ServerSecrets } from "../secrets.js";
import type { Storage } from "../../storage/index.js";
import type { KeyManager } from "../../keys/key-manager.js";
import type { IdentitySystem } from "../../identity/port.js";
import type { CredentialIssuer } from "../vci/credential-issuer.js";
import type { SbiSettings } from "../sbi/sbi-settings.js";

/** Lifetimes and limits the flow RPCs use: a slice of SignetConfig, so each is documented once. */
export type FlowSettings = Omit<SignetConfig["tokens"], "pairwiseSalt"> &
  SignetConfig["login"] &
  Pick<SignetConfig["vci"], "cNonceSeconds">;

/** What the IdentityService handlers need (DESIGN.md lesson 1: factories take their dependencies). */
export interface FlowDeps {
  readonly storage: Storage;
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
