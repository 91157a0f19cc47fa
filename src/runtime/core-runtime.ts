import path from "node:path";
import type { Interceptor, ServiceImpl } from "@connectrpc/connect";
import { AdminService } from "../gen/signet/v1/admin_pb.js";
import { IdentityService } from "../gen/signet/v1/identity_pb.js";
import type { SignetConfig } from "../config/config.js";
import { minimumPublishDelay } from "../config/publish-delay.js";
import { createAdminService } from "../core/admin/admin-service.js";
import { createClientCache, type ClientCache } from "../core/client-cache.js";
import { systemClock, type Clock } from "../core/ports/clock.js";
import { endpointsOf } from "../core/discovery.js";
import type { FlowDeps } from "../core/flow/deps.js";
import { createIdentityService } from "../core/identity-service.js";
import type { Logger } from "../core/logger.js";
import { createServerSecrets, type ServerSecrets } from "../core/secrets.js";
import type { IdentitySystem } from "../core/ports/identity.js";
import { KeyManager } from "../keys/key-manager.js";
import type { KeyPairGenerator } from "../keys/algorithms.js";
import { defaultKekFile, loadKeyEncryptionKey } from "../keys/kek.js";
import { closeDatabase, createStorage, migrateLatest, openDatabase, pingDatabase, startPurger, type Database, type Storage } from "../storage/index.js";
import { Health } from "../gen/grpc/health/v1/health_pb.js";
import { createHealth, type HealthState } from "../server/health.js";
import { createReadiness, type Probe, type Readiness } from "../server/readiness.js";
import { mockIdentityState } from "../storage/mock-identity.js";
import { isPostgres } from "../storage/db.js";
import { listenForClientChanges, type ClientChangeListener } from "../storage/pg/client-changes.js";
import { databaseSettings } from "./database-settings.js";
import { devSecretFile } from "./dev-secrets.js";
import { createIdentitySystem, IDENTITY_SYSTEM_REQUIRED } from "./identity-runtime.js";
import { loadCredentialIssuer, type CredentialIssuer } from "../core/vci/credential-issuer.js";
import { createSbiSettings } from "./sbi-runtime.js";
import { createServiceRegistry, type ServiceRegistry } from "../server/dispatch/registry.js";
import { coreInterceptors } from "../server/interceptors/index.js";
import { callerAuthentication } from "./core-security.js";
import { instrumentIdentitySystem, instrumentStorage } from "./instrumentation.js";
import { signetMetrics } from "../observability/metrics.js";
import { createValidationInterceptor } from "../core/interceptors/validation.js";

/** The assembled core: both service implementations and what they run on. */
export interface CoreRuntime {
  /**
   * Both services behind the core's interceptor chain: served by grpc-js
   * (`startCoreServer`) and called in process by the embedded gateway.
   */
  readonly services: ServiceRegistry;
  readonly identity: ServiceImpl<typeof IdentityService>;
  readonly admin: ServiceImpl<typeof AdminService>;
  /** grpc.health.v1.Health, following {@link readiness}; served in `services`. */
  readonly health: HealthState;
  /** Whether storage and the identity system answer now. */
  readonly readiness: Readiness;
  readonly storage: Storage;
  readonly keys: KeyManager;
  /** The server's derived secrets (keyed hashes such as the individual-limits key). */
  readonly secrets: ServerSecrets;
  readonly db: Database;
  readonly adminTokenSource: string;
  close(): Promise<void>;
}

export interface CoreRuntimeOptions {
  readonly config: SignetConfig;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Replaces the identity system of `identity.systemUrl` / the bundled mock (tests). */
  readonly identitySystem?: IdentitySystem;
  /** An already opened database (tests on a PostgreSQL schema); the runtime migrates and closes it. */
  readonly db?: Database;
  /** Interceptors run inside the core chain, just before the handlers (tests, extensions). */
  readonly interceptors?: readonly Interceptor[];
  /** Where new signing key pairs come from (the test suite's pre-generated keys); default generated. */
  readonly generateKeyPair?: KeyPairGenerator;
}

/** Each readiness probe's time limit: a dependency slower than this is not ready. */
const PROBE_TIMEOUT_MS = 2000;
/** How long a readiness result is reused (a load balancer polling often costs one probe a second). */
const READINESS_MAX_AGE_MS = 1000;

/** What readiness checks: a trivial storage query, and the identity system's own probe when it has one. */
function readinessProbes(db: Database, identity: IdentitySystem): Probe[] {
  const probes: Probe[] = [{ name: "storage", check: () => pingDatabase(db) }];
  // GetCapabilities is the contract's probe (identity_system.proto): it fails when logins cannot be served.
  if (identity.capabilities) probes.push({ name: "identity system", check: () => identity.capabilities!() });
  return probes;
}

/** Opens storage (migrating it), loads keys and secrets, and builds the services. */
export async function createCoreRuntime(opts: CoreRuntimeOptions): Promise<CoreRuntime> {
  const { config, logger } = opts;
  const clock = opts.clock ?? systemClock;
  // Before any slow work (migrations, key generation): production without an identity system cannot serve.
  if (config.production && !config.identity.systemUrl && !opts.identitySystem) throw new Error(IDENTITY_SYSTEM_REQUIRED);
  const db = opts.db ?? openDatabase(databaseSettings(config, logger));
  let clientChanges: ClientChangeListener | undefined;
  try {
    await migrateLatest(db);
    const storage = createStorage(db);
    const kek = loadKeyEncryptionKey(
      { keyEncryptionKey: config.keys.keyEncryptionKey, kekFile: defaultKekFile(config.database.sqliteFile), nodeEnv: config.production ? "production" : "development" },
      { warn: (m) => logger.warn(m) },
    );
    const maxTokenLifetimeSeconds = Math.max(config.tokens.accessTokenSeconds, config.tokens.idTokenSeconds);
    let vci: CredentialIssuer | undefined;
    // A replaced credential key stays published as long as the longest credential it may have signed.
    const retentionSeconds = (purpose: string) =>
      purpose === "credential" && vci ? Math.max(maxTokenLifetimeSeconds, ...vci.configurations.map((c) => c.validitySeconds)) : undefined;
    const keys = new KeyManager(storage.signingKeys, kek, { keyEncryptionKey: config.keys.keyEncryptionKey, kekFile: "", nodeEnv: undefined, maxTokenLifetimeSeconds, retentionSeconds, refreshSeconds: config.keys.refreshSeconds, generateKeyPair: opts.generateKeyPair });
    await keys.ensureKeys(clock());

    const adminTokenFile = path.join(config.dataDir, "admin-token");
    const adminToken = config.adminToken ?? devSecretFile({ file: adminTokenFile, option: "SIGNET_ADMIN_TOKEN", production: config.production, logger, what: "the AdminService bearer token" });
    if (adminToken.length < 32) throw new Error("SIGNET_ADMIN_TOKEN must be at least 32 characters");
    if (config.production && !config.tokens.pairwiseSalt) throw new Error("SIGNET_PAIRWISE_SALT must be set when NODE_ENV=production (pairwise subject identifiers)");

    const metrics = signetMetrics();
    instrumentStorage(db, metrics);
    const stopLockedGauge = metrics.lockedIndividuals(() => storage.individualLimits.countLocked(clock()));
    const identitySystem = opts.identitySystem ?? createIdentitySystem({ config, logger, clock, mockState: mockIdentityState(db) });
    const identity = instrumentIdentitySystem(identitySystem, metrics);
    const endpoints = endpointsOf(config.issuer);
    vci = await loadCredentialIssuer({ file: config.vci.credentialsFile, contextUrl: config.vci.contextUrl }, endpoints, keys);
    const sbi = await createSbiSettings(config, logger);
    const clients = createClientCache(storage.clients, clock);
    if (isPostgres(db)) clientChanges = hearClientChanges(db, clients, logger);
    const secrets = createServerSecrets(kek, config.tokens.pairwiseSalt);
    const deps: FlowDeps = {
      storage,
      clients,
      keys,
      identity,
      secrets,
      endpoints,
      settings: { ...config.tokens, ...config.login, cNonceSeconds: config.vci.cNonceSeconds },
      credentialScopes: vci.scopes,
      vci,
      sbi,
      clock,
      logger,
    };
    const identityImpl = createIdentityService(deps, { discovery: { endpoints, credentialScopes: vci.scopes, credentialIssuer: () => vci.metadata(clock()) }, jwksMaxAgeSeconds: config.keys.jwksMaxAgeSeconds });
    const delay = minimumPublishDelay(config);
    const rotation = { ...delay, defaultSeconds: config.keys.publishDelaySeconds || delay.minimumSeconds };
    const admin = createAdminService({ clients: storage.clients, clientCache: clients, keys, individualLimits: storage.individualLimits, secrets, clock, logger, rotation });
    const stopPurger = startPurger(db, 60_000, clock, (err) => logger.error("purge failed", { cause: String(err) }));
    const readiness = createReadiness(readinessProbes(db, identity), { timeoutMs: PROBE_TIMEOUT_MS, maxAgeMs: READINESS_MAX_AGE_MS });
    const health = createHealth([IdentityService.typeName, AdminService.typeName], {
      readiness,
      intervalMs: config.core.healthIntervalSeconds * 1000,
      logger,
    });
    const services = createServiceRegistry(
      [
        { desc: IdentityService, impl: identityImpl },
        { desc: AdminService, impl: admin },
        { desc: Health, impl: health.impl },
      ],
      // The contract's buf.validate limits are checked before any handler, on every transport.
      [...coreInterceptors({ logger, auth: callerAuthentication(config, logger, adminToken), metrics, validation: createValidationInterceptor() }), ...(opts.interceptors ?? [])],
    );
    return {
      services,
      health,
      readiness,
      identity: identityImpl,
      admin,
      storage,
      keys,
      secrets,
      db,
      adminTokenSource: config.adminToken ? "SIGNET_ADMIN_TOKEN" : adminTokenFile,
      async close() {
        health.close();
        stopPurger();
        stopLockedGauge();
        await clientChanges?.close();
        await closeDatabase(db);
      },
    };
  } catch (err) {
    await clientChanges?.close();
    await closeDatabase(db);
    throw err;
  }
}

/**
 * On PostgreSQL, other instances' client changes evict this one's cached records as they are
 * notified; until the listener is connected, and whenever it is not, every client is read from
 * the database instead (a change could go unheard).
 */
function hearClientChanges(db: Database, clients: ClientCache, logger: Logger): ClientChangeListener {
  clients.readThrough(true);
  return listenForClientChanges(db, {
    changed: (clientId) => clients.evict(clientId),
    deaf: (reason) => {
      clients.readThrough(true);
      logger.warn("client changes made through other instances cannot be heard: every client is read from the database until the listener reconnects", { reason });
    },
    listening: () => {
      clients.readThrough(false);
      logger.info("listening for client changes made through other instances");
    },
  });
}
