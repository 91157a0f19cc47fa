import type { SignetConfig } from "../config/config.js";
import type { Logger } from "../core/logger.js";
import type { AuthenticateOptions } from "../server/auth/authenticate.js";
import { createCallerDirectory, readCallersFile, type CallerEntry } from "../server/auth/callers.js";
import { DEV_GATEWAY_CN } from "../tls/dev-tls-files.js";
import { assertListenAllowed, isLocalOnly } from "../tls/listen-policy.js";
import { createServerTls, type ServerTls } from "../tls/server-tls.js";

/** The built-in development caller: the gateway's generated client certificate. */
const devGateway: CallerEntry = { id: "gateway", role: "gateway", certificate: { cn: DEV_GATEWAY_CN } };

/**
 * Who may call the core: the callers file (or, outside production, the development
 * gateway certificate), the admin token, and what an anonymous caller is.
 */
export function callerAuthentication(config: SignetConfig, logger: Logger, adminToken: string): AuthenticateOptions {
  const entries = config.core.callersFile ? readCallersFile(config.core.callersFile) : config.production ? [] : [devGateway];
  const anonymousIsGateway = config.core.anonymous === "gateway" || (config.core.anonymous === "auto" && !config.production);
  if (config.core.anonymous === "auto" && anonymousIsGateway) {
    logger.warn("*** DEVELOPMENT DEFAULT *** a gRPC caller with neither client certificate nor credential acts as the gateway; set SIGNET_CORE_ANONYMOUS=none (the production default) to require an identity");
  }
  return { callers: createCallerDirectory(entries, adminToken), anonymousIsGateway };
}

/** How the core's gRPC listener is secured. */
export interface CoreListenSecurity {
  readonly tls?: ServerTls;
  readonly reflection: boolean;
}

/**
 * TLS for the core's listener: the configured certificate and key (with the client CA,
 * mutual TLS), else — for `signet core` outside production — the generated development
 * CA, server and gateway certificates in <dataDir>/tls with mutual TLS. Refuses a
 * production core that would serve plaintext beyond loopback, mutual TLS without a
 * callers file, or anonymous callers acting as the gateway beyond loopback.
 */
export async function coreListenSecurity(
  config: SignetConfig,
  logger: Logger,
  opts: { readonly devCertificates: boolean },
): Promise<CoreListenSecurity> {
  const { tls: files, host } = { tls: config.core.tls, host: config.core.host };
  let tls: ServerTls | undefined;
  if (files.certFile || files.keyFile) {
    if (!files.certFile || !files.keyFile) throw new Error("SIGNET_CORE_TLS_CERT and SIGNET_CORE_TLS_KEY must be set together");
    tls = createServerTls({ certFile: files.certFile, keyFile: files.keyFile, clientCaFile: files.clientCaFile || undefined }, logger);
  } else if (files.clientCaFile) {
    throw new Error("SIGNET_CORE_TLS_CLIENT_CA needs SIGNET_CORE_TLS_CERT and SIGNET_CORE_TLS_KEY (mutual TLS is TLS)");
  } else if (opts.devCertificates && files.devCertificates && !config.production) {
    const { ensureDevCertificates } = await import("../tls/dev-certificates.js");
    const { files: dev, generated } = await ensureDevCertificates(config.dataDir, [host]);
    logger.warn(
      `*** DEVELOPMENT DEFAULT *** the core serves mutual TLS with ${generated ? "newly generated" : "the"} development CA and certificates in ${dev.dir}: ` +
        `the gateway uses client.pem; set SIGNET_CORE_TLS_CERT, SIGNET_CORE_TLS_KEY and SIGNET_CORE_TLS_CLIENT_CA for any real deployment`,
    );
    tls = createServerTls({ certFile: dev.serverCertFile, keyFile: dev.serverKeyFile, clientCaFile: dev.caFile }, logger);
  }
  assertListenAllowed({ production: config.production, host, tls: Boolean(tls) });
  if (config.production && tls?.mutual && !config.core.callersFile) {
    tls.close();
    throw new Error("SIGNET_CALLERS_FILE must name the callers (by certificate) when mutual TLS is on under NODE_ENV=production");
  }
  if (config.production && config.core.anonymous === "gateway" && !isLocalOnly(host)) {
    tls?.close();
    throw new Error(`SIGNET_CORE_ANONYMOUS=gateway lets any caller that reaches ${host} drive the login flow; refused under NODE_ENV=production unless the core listens on loopback or a Unix socket`);
  }
  if (!tls && !config.production && !isLocalOnly(host)) {
    logger.warn(`*** DEVELOPMENT DEFAULT *** the core serves plaintext gRPC on ${host}: set SIGNET_CORE_TLS_CERT and SIGNET_CORE_TLS_KEY`);
  }
  const reflection = config.core.reflection === "on" || (config.core.reflection === "auto" && !config.production);
  return { tls, reflection };
}
