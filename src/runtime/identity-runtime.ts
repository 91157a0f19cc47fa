import type { Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type { SignetConfig } from "../config/config.js";
import type { Clock } from "../core/ports/clock.js";
import type { Logger } from "../core/logger.js";
import { IdentitySystemService } from "../gen/signet/v1/identity_system_pb.js";
import { GrpcIdentitySystem } from "../identity/grpc/grpc-identity-system.js";
import { identitySystemService } from "../identity/grpc/identity-system-service.js";
import { mockKycSigner } from "../identity/mock/kyc-signer.js";
import { MockIdentitySystem } from "../identity/mock/mock-identity-system.js";
import type { IdentitySystem } from "../core/ports/identity.js";
import { createInProcessTransport } from "../server/dispatch/in-process-transport.js";
import { createServiceRegistry } from "../server/dispatch/registry.js";
import type { MockIdentityRepository } from "../storage/mock-identity.js";
import { http2TlsOptions, readClientTls } from "../tls/client-tls.js";

/** What production needs and how to give it; shown when it is missing. */
export const IDENTITY_SYSTEM_REQUIRED =
  "NODE_ENV=production needs an identity system: set SIGNET_IDENTITY_SYSTEM_URL to the base URL of a service " +
  "implementing signet.v1.IdentitySystemService (proto/signet/v1/identity_system.proto), e.g. https://idsys.internal:8443 " +
  "(with SIGNET_IDENTITY_SYSTEM_CA / _CLIENT_CERT / _CLIENT_KEY for TLS). The bundled mock identity system is for development only.";

/** The bundled mock served as `signet.v1.IdentitySystemService` (in process or by `signet mock-identity`). */
export function mockIdentityService(config: SignetConfig, logger: Logger, clock: Clock, state: MockIdentityRepository) {
  const mock = new MockIdentitySystem({
    production: config.production,
    logger,
    clock,
    state,
    identitiesFile: config.identity.mockIdentitiesFile || undefined,
  });
  return identitySystemService(mock, { logger, signer: mockKycSigner(), now: () => Math.floor(clock() / 1000) });
}

/** The network transport to `identity.systemUrl`: gRPC, TLS for https, a client certificate when configured. */
export function identitySystemTransport(config: SignetConfig): Transport {
  const { systemUrl, caFile, clientCertFile, clientKeyFile } = config.identity;
  const tls = http2TlsOptions(readClientTls({
    ...(caFile ? { caFile: { file: caFile, option: "SIGNET_IDENTITY_SYSTEM_CA" } } : {}),
    ...(clientCertFile ? { certFile: { file: clientCertFile, option: "SIGNET_IDENTITY_SYSTEM_CLIENT_CERT" } } : {}),
    ...(clientKeyFile ? { keyFile: { file: clientKeyFile, option: "SIGNET_IDENTITY_SYSTEM_CLIENT_KEY" } } : {}),
  }));
  return createGrpcTransport({ baseUrl: systemUrl, ...(Object.keys(tls).length > 0 ? { nodeOptions: tls } : {}) });
}

/**
 * The identity system the core talks to — always through the gRPC adapter, so the
 * bundled mock and a national system take the same path: the configured URL, or the
 * mock served in process through the in-process transport (no socket, no serialisation,
 * the contract's types and checks unchanged).
 */
export function createIdentitySystem(opts: {
  readonly config: SignetConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly mockState: MockIdentityRepository;
}): IdentitySystem {
  const { config, logger, clock } = opts;
  let transport: Transport;
  if (config.identity.systemUrl) {
    transport = identitySystemTransport(config);
    logger.info("identity system", { url: config.identity.systemUrl, claims_format: config.identity.claimsFormat, timeout_ms: config.identity.timeoutMs });
  } else {
    if (config.production) throw new Error(IDENTITY_SYSTEM_REQUIRED);
    const service = mockIdentityService(config, logger, clock, opts.mockState);
    transport = createInProcessTransport(createServiceRegistry([{ desc: IdentitySystemService, impl: service }], []));
  }
  const system = new GrpcIdentitySystem({
    transport,
    timeoutMs: config.identity.timeoutMs,
    retries: config.identity.retries,
    claimsFormat: config.identity.claimsFormat,
    logger,
    clock,
  });
  // A probe at start says in the log what answered; a failure is logged, not fatal:
  // readiness reports it until the identity system is back.
  if (config.identity.systemUrl) {
    system.capabilities().then(
      (c) => logger.info("identity system answered", { name: c.name, challenge_types: c.challengeTypes.join(" "), channels: c.otpChannels.join(" ") }),
      (err: unknown) => logger.warn("identity system did not answer at start; logins fail with temporarily_unavailable until it does", { cause: err instanceof Error ? err.message : String(err) }),
    );
  }
  return system;
}
