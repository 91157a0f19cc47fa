/**
 * Boots a whole embedded Signet for a test: the core runtime on a temp data dir (or a
 * given database), the gRPC server and the gateway on free loopback ports, plus
 * Connect clients that go over the real grpc-js wire.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { AdminService } from "../../src/gen/signet/v1/admin_pb.js";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { loadConfig, type SignetConfig } from "../../src/config/config.js";
import type { Clock } from "../../src/core/ports/clock.js";
import { createLogger, silentLogger, type Logger } from "../../src/core/logger.js";
import { createCoreRuntime, type CoreRuntime } from "../../src/runtime/core-runtime.js";
import { createGatewayRuntime } from "../../src/runtime/gateway-runtime.js";
import { startDevelopmentDemo } from "../../src/cli/commands/demo.js";
import { startCoreServer, type CoreServer } from "../../src/server/core-server.js";
import { coreListenSecurity } from "../../src/runtime/core-security.js";
import { gatewayCoreTls } from "../../src/runtime/gateway-core-tls.js";
import type { Database } from "../../src/storage/index.js";
import type { IdentitySystem } from "../../src/core/ports/identity.js";
import { freePort } from "./ports.js";
import { pooledKeyPairs, seedSbiEncryptionKey } from "./key-pool.js";
import { registerTestClient, TEST_ADMIN_TOKEN, type RegisterOptions, type RegisteredClient } from "./core.js";

export { freePort } from "./ports.js";

export interface SignetUnderTest {
  readonly issuer: string;
  readonly coreUrl: string;
  readonly config: SignetConfig;
  readonly runtime: CoreRuntime;
  readonly adminToken: string;
  /** AdminService over gRPC, with the admin credential. */
  readonly admin: Client<typeof AdminService>;
  /** IdentityService over gRPC (no gateway). */
  readonly identity: Client<typeof IdentityService>;
  registerClient(opts?: RegisterOptions): Promise<RegisteredClient>;
  stop(): Promise<void>;
}

export type { RegisterOptions, RegisteredClient } from "./core.js";

export async function startSignet(opts: {
  readonly db?: Database;
  readonly overrides?: Record<string, unknown>;
  readonly clock?: Clock;
  readonly identitySystem?: IdentitySystem;
  readonly logger?: Logger;
  /**
   * `mtls`: split mode in one process — the core serves mutual TLS with the generated
   * development certificates and the gateway reaches it over gRPC with its client
   * certificate, as `signet core` + `signet gateway` do. Default: embedded gateway,
   * plaintext gRPC on loopback.
   */
  readonly split?: "mtls";
  /** Mount the development demo at /demo, as `signet start` does. */
  readonly demo?: boolean;
} = {}): Promise<SignetUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), "signet-e2e-"));
  const [gatewayPort, corePort] = [await freePort(), await freePort()];
  const adminToken = TEST_ADMIN_TOKEN;
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      adminToken,
      core: { port: corePort, host: "127.0.0.1" },
      logLevel: "silent",
      // Flow tests log the same three seeded people in and out many times from one Signet (26
      // refused captures in a row, dozens of OTP logins): the per-individual limits would end
      // them. Tests of those limits pass their own `login` (test/security/).
      login: { throttleAfterFailures: 100, otpSendsPerWindow: 100, otpSendsPerDay: 1000 },
      ...opts.overrides,
      // Gateway settings of the test (a shared cookie secret) join the listen address, not replace it.
      gateway: {
        ...(opts.overrides?.gateway as Record<string, unknown> | undefined),
        port: gatewayPort,
        host: "127.0.0.1",
        ...(opts.split ? { coreUrl: `https://127.0.0.1:${corePort}` } : {}),
      },
    },
  });
  const logger = opts.logger ?? (process.env.SIGNET_TEST_LOG ? createLogger("debug") : silentLogger);
  if (!config.sbi.encryptionKeyFile) await seedSbiEncryptionKey(config.dataDir);
  const runtime = await createCoreRuntime({ generateKeyPair: pooledKeyPairs, config, logger, clock: opts.clock, db: opts.db, identitySystem: opts.identitySystem });
  const { tls, reflection } = await coreListenSecurity(config, logger, { devCertificates: opts.split === "mtls" });
  const server: CoreServer = await startCoreServer({
    host: "127.0.0.1",
    port: corePort,
    maxMessageBytes: config.core.maxMessageBytes,
    logger,
    registry: runtime.services,
    tls,
    reflection,
    health: runtime.health,
  });
  const demo = opts.demo ? await startDevelopmentDemo(config, runtime.services, logger) : undefined;
  if (opts.demo && !demo) throw new Error("the demo did not start");
  const gateway = createGatewayRuntime({ config, logger, embedded: opts.split ? undefined : runtime.services, mounts: demo ? [demo] : [] });
  await gateway.listen(gatewayPort, "127.0.0.1");
  const coreUrl = `${tls ? "https" : "http"}://127.0.0.1:${corePort}`;
  // Under mutual TLS the test's own gRPC clients present the development gateway certificate.
  const nodeOptions = tls ? gatewayCoreTls(config, silentLogger) : undefined;
  const withToken: Interceptor = (next) => (req) => {
    req.header.set("authorization", `Bearer ${adminToken}`);
    return next(req);
  };
  const admin = createClient(AdminService, createGrpcTransport({ baseUrl: coreUrl, nodeOptions, interceptors: [withToken] }));
  const identity = createClient(IdentityService, createGrpcTransport({ baseUrl: coreUrl, nodeOptions }));

  return {
    issuer: config.issuer,
    coreUrl,
    config,
    runtime,
    adminToken,
    admin,
    identity,
    registerClient: (o) => registerTestClient(admin, o),
    async stop() {
      await gateway.close();
      await server.shutdown(2000);
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
