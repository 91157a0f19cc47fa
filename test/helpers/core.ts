/**
 * The core alone, in process: the runtime on a temp data dir (or a given database) with Connect
 * clients over the router transport — no socket, no gateway. For RPC tests that need neither
 * the wire nor the pages (a few tests elsewhere prove those).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";
import { AdminService, UserinfoResponseType } from "../../src/gen/signet/v1/admin_pb.js";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { loadConfig, type SignetConfig } from "../../src/config/config.js";
import type { Clock } from "../../src/core/ports/clock.js";
import { createLogger, silentLogger, type Logger } from "../../src/core/logger.js";
import type { IdentitySystem } from "../../src/core/ports/identity.js";
import { createCoreRuntime, type CoreRuntime } from "../../src/runtime/core-runtime.js";
import { createRegistryRouterTransport } from "../../src/server/dispatch/registry.js";
import type { Database } from "../../src/storage/index.js";
import { pooledKeyPairs, seedSbiEncryptionKey } from "./key-pool.js";

export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123456789";

export interface RegisterOptions {
  readonly clientId?: string;
  readonly redirectUri?: string;
  readonly acrValues?: string[];
  readonly allowedClaims?: string[];
  readonly alg?: "ES256" | "PS256" | "RS256";
  readonly jwe?: boolean;
}

export interface RegisteredClient {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly alg: "ES256" | "PS256" | "RS256";
  /** For JWE clients: the private decryption key. */
  readonly encryptionPrivateKey?: CryptoKey;
}

let counter = 0;

/** Registers a relying party through AdminService with a fresh key pair. */
export async function registerTestClient(admin: Client<typeof AdminService>, o: RegisterOptions = {}): Promise<RegisteredClient> {
  const alg = o.alg ?? "ES256";
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const clientId = o.clientId ?? `client-${process.pid}-${++counter}`;
  const redirectUri = o.redirectUri ?? "https://rp.example.org/callback";
  let encryptionPrivateKey: CryptoKey | undefined;
  let encryptionPublicKey: JWK | undefined;
  if (o.jwe) {
    const pair = await generateKeyPair("RSA-OAEP-256", { extractable: true, modulusLength: 2048 });
    encryptionPrivateKey = pair.privateKey;
    encryptionPublicKey = { ...(await exportJWK(pair.publicKey)), use: "enc" };
  }
  await admin.createClient({
    client: {
      clientId,
      name: `Test RP ${clientId}`,
      nameLangmap: { eng: "Test relying party" },
      logoUri: "https://rp.example.org/logo.png",
      redirectUris: [redirectUri],
      publicKey: publicJwk as never,
      allowedClaims: o.allowedClaims ?? ["name", "email", "birthdate", "phone_number", "address", "gender"],
      acrValues: o.acrValues ?? ["mosip:idp:acr:generated-code", "mosip:idp:acr:static-code"],
      idTokenSignedResponseAlg: alg,
      userinfoResponseType: o.jwe ? UserinfoResponseType.JWE : UserinfoResponseType.JWS,
      encryptionPublicKey: encryptionPublicKey as never,
    },
  });
  return { clientId, redirectUri, privateKey, publicJwk, alg, encryptionPrivateKey };
}

/** A core under test, reached through Connect's router transport. */
export interface CoreUnderTest {
  readonly config: SignetConfig;
  readonly runtime: CoreRuntime;
  /** AdminService with the admin credential. */
  readonly admin: Client<typeof AdminService>;
  readonly identity: Client<typeof IdentityService>;
  registerClient(opts?: RegisterOptions): Promise<RegisteredClient>;
  stop(): Promise<void>;
}

export async function startCore(opts: {
  readonly db?: Database;
  readonly overrides?: Record<string, unknown>;
  readonly clock?: Clock;
  readonly identitySystem?: IdentitySystem;
  readonly logger?: Logger;
} = {}): Promise<CoreUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), "signet-core-"));
  const config = loadConfig({ env: {}, overrides: { dataDir, adminToken: TEST_ADMIN_TOKEN, logLevel: "silent", ...opts.overrides } });
  const logger = opts.logger ?? (process.env.SIGNET_TEST_LOG ? createLogger("debug") : silentLogger);
  if (!config.sbi.encryptionKeyFile) await seedSbiEncryptionKey(config.dataDir);
  const runtime = await createCoreRuntime({ generateKeyPair: pooledKeyPairs, config, logger, clock: opts.clock, db: opts.db, identitySystem: opts.identitySystem });
  const withToken: Interceptor = (next) => (req) => {
    req.header.set("authorization", `Bearer ${TEST_ADMIN_TOKEN}`);
    return next(req);
  };
  // Connect's router transport over the core's registry: the same interceptor chain as grpc-js.
  const admin = createClient(AdminService, createRegistryRouterTransport(runtime.services, [withToken]));
  return {
    config,
    runtime,
    admin,
    identity: createClient(IdentityService, createRegistryRouterTransport(runtime.services)),
    registerClient: (o) => registerTestClient(admin, o),
    async stop() {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
