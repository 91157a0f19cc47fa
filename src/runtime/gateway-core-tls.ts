import { existsSync } from "node:fs";
import type { SecureClientSessionOptions } from "node:http2";
import type { SignetConfig } from "../config/config.js";
import type { Logger } from "../core/logger.js";
import { http2TlsOptions, readClientTls, type ClientTlsFiles } from "../tls/client-tls.js";
import { devTlsFiles } from "../tls/dev-tls-files.js";
import { isLocalOnly } from "../tls/listen-policy.js";

/**
 * How a split gateway reaches the core: nothing for `http://` (plaintext, refused in
 * production beyond loopback); for `https://`, the configured CA and client certificate,
 * or outside production the development ones in <dataDir>/tls when they exist.
 */
export function gatewayCoreTls(config: SignetConfig, logger: Logger): SecureClientSessionOptions | undefined {
  const url = new URL(config.gateway.coreUrl);
  if (url.protocol === "http:") {
    if (config.production && !isLocalOnly(url.hostname)) {
      throw new Error(`SIGNET_CORE_URL ${config.gateway.coreUrl} is plaintext beyond loopback under NODE_ENV=production: use https:// (and SIGNET_CORE_CA / SIGNET_CORE_CLIENT_CERT)`);
    }
    return undefined;
  }
  if (url.protocol !== "https:") throw new Error(`SIGNET_CORE_URL ${config.gateway.coreUrl}: must be https:// (TLS) or http:// (plaintext)`);
  const g = config.gateway;
  const files: ClientTlsFiles = {
    ...(g.coreCaFile ? { caFile: { file: g.coreCaFile, option: "SIGNET_CORE_CA" } } : {}),
    ...(g.coreClientCertFile ? { certFile: { file: g.coreClientCertFile, option: "SIGNET_CORE_CLIENT_CERT" } } : {}),
    ...(g.coreClientKeyFile ? { keyFile: { file: g.coreClientKeyFile, option: "SIGNET_CORE_CLIENT_KEY" } } : {}),
  };
  if (!config.production && !files.caFile && !files.certFile && !files.keyFile) {
    const dev = devTlsFiles(config.dataDir);
    if ([dev.caFile, dev.clientCertFile, dev.clientKeyFile].every((f) => existsSync(f))) {
      logger.warn(`*** DEVELOPMENT DEFAULT *** the gateway trusts the development CA and presents the development client certificate from ${dev.dir}; set SIGNET_CORE_CA, SIGNET_CORE_CLIENT_CERT and SIGNET_CORE_CLIENT_KEY for any real deployment`);
      return http2TlsOptions(
        readClientTls({
          caFile: { file: dev.caFile, option: "SIGNET_CORE_CA" },
          certFile: { file: dev.clientCertFile, option: "SIGNET_CORE_CLIENT_CERT" },
          keyFile: { file: dev.clientKeyFile, option: "SIGNET_CORE_CLIENT_KEY" },
        }),
      );
    }
  }
  return http2TlsOptions(readClientTls(files));
}
