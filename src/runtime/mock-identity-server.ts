import type { SignetConfig } from "../config/config.js";
import type { Clock } from "../core/ports/clock.js";
import type { Logger } from "../core/logger.js";
import { IdentitySystemService } from "../gen/signet/v1/identity_system_pb.js";
import { databaseSettings } from "./database-settings.js";
import { mockIdentityService } from "./identity-runtime.js";
import { startCoreServer } from "../server/core-server.js";
import { createServiceRegistry } from "../server/dispatch/registry.js";
import { accessLogInterceptor, errorBoundaryInterceptor, requestIdInterceptor } from "../server/interceptors/index.js";
import { closeDatabase, migrateLatest, openDatabase, startPurger } from "../storage/index.js";
import { mockIdentityState } from "../storage/mock-identity.js";

/** What `signet mock-identity` prints once it listens (tests and scripts wait for it). */
export const MOCK_IDENTITY_READY = "Signet mock identity system (signet.v1.IdentitySystemService, gRPC) listening on";

/** The running mock identity process. */
export interface MockIdentityServer {
  readonly port: number;
  close(graceMs?: number): Promise<void>;
}

/**
 * `signet mock-identity`: the bundled mock identity system as its own gRPC process, for
 * split deployments and for testing Signet against a separate identity system. Its sent
 * OTPs and KYC tokens live in Signet's database (`DATABASE_URL`, or the sqlite file in
 * the data directory), so it may run as several processes and restart freely. Refused
 * under NODE_ENV=production, like the mock itself.
 */
export async function serveMockIdentity(config: SignetConfig, logger: Logger, out: (line: string) => void, clock: Clock = Date.now): Promise<MockIdentityServer> {
  if (config.production) throw new Error("signet mock-identity is for development only: it accepts a fixed OTP and public PINs; it refuses NODE_ENV=production");
  const db = openDatabase(databaseSettings(config, logger));
  try {
    await migrateLatest(db);
    const service = mockIdentityService(config, logger, clock, mockIdentityState(db));
    const server = await startCoreServer({
      host: config.identity.mockHost,
      port: config.identity.mockPort,
      maxMessageBytes: config.core.maxMessageBytes,
      logger,
      // Request ids and the access log as on the core; no caller policy (it is a development tool).
      registry: createServiceRegistry([{ desc: IdentitySystemService, impl: service }], [
        requestIdInterceptor(), accessLogInterceptor(logger), errorBoundaryInterceptor(logger),
      ]),
    });
    const stopPurger = startPurger(db, 60_000, clock, (err) => logger.error("purge failed", { cause: String(err) }));
    out(`${MOCK_IDENTITY_READY} ${config.identity.mockHost}:${server.port}`);
    return {
      port: server.port,
      async close(graceMs = config.core.shutdownGraceMs) {
        stopPurger();
        await server.shutdown(graceMs);
        await closeDatabase(db);
      },
    };
  } catch (err) {
    await closeDatabase(db);
    throw err;
  }
}
