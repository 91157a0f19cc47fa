import path from "node:path";
import { createClient } from "@connectrpc/connect";
import type { ServiceImpl } from "@connectrpc/connect";
import { IdentityService } from "../gen/signet/v1/identity_pb.js";
import { createCoreTransport, createGateway, type Gateway } from "../../gateway/index.js";
import type { SignetConfig } from "../config/config.js";
import type { Logger } from "../core/logger.js";
import { devSecretFile } from "./dev-secrets.js";

/**
 * Builds the gateway. Embedded: the Connect client calls the core's implementation
 * in process (router transport, no socket). Split: over gRPC to `gateway.coreUrl`.
 */
export function createGatewayRuntime(opts: {
  readonly config: SignetConfig;
  readonly logger: Logger;
  readonly embedded?: ServiceImpl<typeof IdentityService>;
}): Gateway {
  const { config, logger } = opts;
  const transport = opts.embedded
    ? createCoreTransport({ mode: "embedded", routes: (r) => r.service(IdentityService, opts.embedded!) })
    : createCoreTransport({ mode: "grpc", baseUrl: config.gateway.coreUrl });
  const cookieSecret = config.gateway.cookieSecret ?? devSecretFile({
    file: path.join(config.dataDir, "cookie-secret"),
    option: "SIGNET_COOKIE_SECRET",
    production: config.production,
    logger,
    what: "the login-page cookie key",
  });
  return createGateway({ client: createClient(IdentityService, transport), publicUrl: config.issuer, logger, cookieSecret });
}
