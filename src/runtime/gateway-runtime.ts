import path from "node:path";
import { createClient, createContextValues } from "@connectrpc/connect";
import { Health } from "../gen/grpc/health/v1/health_pb.js";
import { IdentityService } from "../gen/signet/v1/identity_pb.js";
import { createCoreTransport, createGateway, type Gateway, type GatewayMount } from "../../gateway/index.js";
import type { SignetConfig } from "../config/config.js";
import type { Logger } from "../core/logger.js";
import { devSecretFile } from "./dev-secrets.js";
import { gatewayCoreTls } from "./gateway-core-tls.js";
import { gatewayMetrics, metricsOnPublicListener } from "./metrics-server.js";
import { signetMetrics } from "../observability/metrics.js";
import { tracingEnabled } from "../observability/tracing.js";
import { inProcessGateway, principalKey } from "../core/principal.js";
import { createInProcessTransport } from "../server/dispatch/in-process-transport.js";
import type { ServiceRegistry } from "../server/dispatch/registry.js";

/**
 * Builds the gateway. Embedded: the Connect client calls the core's handlers in process,
 * through the core's interceptor chain, with no serialisation (in-process transport).
 * Split: over gRPC to `gateway.coreUrl`, with TLS (and the client certificate under
 * mutual TLS) for an https URL.
 */
export function createGatewayRuntime(opts: {
  readonly config: SignetConfig;
  readonly logger: Logger;
  /** The core's services, when the gateway runs in the same process. */
  readonly embedded?: ServiceRegistry;
  /** Clock in milliseconds since the epoch, for the metadata caches (tests). Default `Date.now`. */
  readonly now?: () => number;
  /** Served beside the gateway (the development demo). */
  readonly mounts?: readonly GatewayMount[];
}): Gateway {
  const { config, logger } = opts;
  const registry = opts.embedded;
  const timeoutMs = config.gateway.coreTimeoutSeconds * 1000;
  const transport = registry
    ? createCoreTransport({ mode: "in-process", transport: (interceptors) => createInProcessTransport(registry, { interceptors, contextValues: () => createContextValues().set(principalKey, inProcessGateway) }), timeoutMs })
    : createCoreTransport({ mode: "grpc", baseUrl: config.gateway.coreUrl, nodeOptions: gatewayCoreTls(config, logger), timeoutMs });
  const cookieSecret = config.gateway.cookieSecret ?? devSecretFile({
    file: path.join(config.dataDir, "cookie-secret"),
    option: "SIGNET_COOKIE_SECRET",
    production: config.production,
    logger,
    what: "the login-page cookie key",
  });
  const metrics = gatewayMetrics(signetMetrics(), metricsOnPublicListener(config));
  return createGateway({ client: createClient(IdentityService, transport), health: createClient(Health, transport), publicUrl: config.issuer, logger, cookieSecret, metrics, tracing: tracingEnabled, mounts: opts.mounts ?? [], ...(opts.now ? { now: opts.now } : {}) });
}
