import { createClient, type Interceptor } from "@connectrpc/connect";
import { AdminService } from "../../gen/signet/v1/admin_pb.js";
import { ConfigError, type SignetConfig } from "../../config/config.js";
import type { Logger } from "../../core/logger.js";
import { createInProcessTransport } from "../../server/dispatch/in-process-transport.js";
import type { ServiceRegistry } from "../../server/dispatch/registry.js";
import type { DemoMount } from "../../../demo/index.js";
import { coreConnection } from "../connection.js";

/** Whether `signet start` mounts the demo: on by default in development, refused in production. */
export function demoEnabled(config: SignetConfig): boolean {
  if (config.production && config.demo === true) {
    throw new ConfigError("demo (SIGNET_DEMO): the demo relying party and wallet are development only; refused under NODE_ENV=production");
  }
  return !config.production && config.demo !== false;
}

/**
 * Starts the development demo (demo/): registers its clients through AdminService (in process,
 * with the admin token, as an operator would over gRPC) and returns it to mount beside the
 * gateway. The demo's libraries (openid-client) are dev dependencies: a build installed without
 * them runs without the demo, and says so.
 */
export async function startDevelopmentDemo(config: SignetConfig, services: ServiceRegistry, logger: Logger): Promise<DemoMount | undefined> {
  let demo: typeof import("../../../demo/index.js");
  try {
    demo = await import("../../../demo/index.js");
  } catch (err) {
    logger.warn("the demo is unavailable: it needs the dev dependencies (npm ci)", { error: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
  const token = coreConnection({}, config).adminToken();
  const bearer: Interceptor = (next) => (req) => {
    req.header.set("authorization", `Bearer ${token}`);
    return next(req);
  };
  // In process, through the core's interceptor chain, with the operator's credential.
  const client = createClient(AdminService, createInProcessTransport(services, { interceptors: [bearer] }));
  try {
    const mount = await demo.startDemo({ issuer: config.issuer, dataDir: config.dataDir, admin: client, logger });
    logger.warn(`*** DEVELOPMENT DEFAULT *** demo relying party and wallet registered and served at ${mount.url} (SIGNET_DEMO=false turns them off)`);
    return mount;
  } catch (err) {
    logger.warn("the demo is disabled: registering its clients failed", { error: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
}
