/**
 * Fixtures for the identity-system contract tests: the bundled mock served as
 * `signet.v1.IdentitySystemService` (in process through the router transport, or over a
 * real grpc-js socket), a switchable "misbehaving" wrapper around it, and the adapter.
 */
import { create } from '@bufbuild/protobuf';
import { Code, ConnectError, createRouterTransport, type ServiceImpl, type Transport } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { silentLogger } from '../../src/core/logger.js';
import { ErrorDetailSchema } from '../../src/gen/signet/v1/error_pb.js';
import { IdentitySystemService } from '../../src/gen/signet/v1/identity_system_pb.js';
import { GrpcIdentitySystem, type GrpcIdentitySystemOptions } from '../../src/identity/grpc/grpc-identity-system.js';
import { identitySystemService, type KycSigner } from '../../src/identity/grpc/identity-system-service.js';
import { mockKycSigner } from '../../src/identity/mock/kyc-signer.js';
import { startCoreServer } from '../../src/server/core-server.js';
import { createServiceRegistry } from '../../src/server/dispatch/registry.js';
import { makeMock } from '../identity/helpers.js';

export type IdentityServiceImpl = ServiceImpl<typeof IdentitySystemService>;

/** The mock (fresh state, manual clock) as a service implementation, signing with `signer`. */
export function mockService(signer: KycSigner | undefined = mockKycSigner()) {
  const made = makeMock();
  const impl = identitySystemService(made.idp, { logger: made.logger, signer, now: () => Math.floor(made.time.clock() / 1000) });
  return { ...made, impl };
}

/** The adapter over an in-process transport to `impl`. */
export function adapterFor(impl: IdentityServiceImpl, opts: Partial<GrpcIdentitySystemOptions> = {}): GrpcIdentitySystem {
  return adapterOver(createRouterTransport((r) => r.service(IdentitySystemService, impl)), opts);
}

/** The adapter over any transport, with small test deadlines and no backoff. */
export function adapterOver(transport: Transport, opts: Partial<GrpcIdentitySystemOptions> = {}): GrpcIdentitySystem {
  return new GrpcIdentitySystem({
    transport, timeoutMs: 10_000, retries: 2, claimsFormat: 'plain', logger: silentLogger, clock: Date.now, backoffMs: () => 0, ...opts,
  });
}

/** Serves `impl` on a real grpc-js server on a free loopback port. */
export async function serveOverGrpc(impl: IdentityServiceImpl) {
  const server = await startCoreServer({
    host: '127.0.0.1', port: 0, maxMessageBytes: 4 * 1024 * 1024, logger: silentLogger,
    registry: createServiceRegistry([{ desc: IdentitySystemService, impl }], []),
  });
  const url = `http://127.0.0.1:${server.port}`;
  return { url, port: server.port, transport: createGrpcTransport({ baseUrl: url }), stop: () => server.shutdown(100) };
}

/** How a {@link misbehaving} identity system answers. */
export type Behaviour = 'ok' | 'slow' | 'internal' | 'unlisted' | 'unavailable' | 'garbage';

/** Answers that decode but break the contract: over-long masks, no KYC token, the wrong claims format. */
const GARBAGE: Partial<Record<keyof IdentityServiceImpl, unknown>> = {
  deliverOtp: { maskedEmail: 'x'.repeat(10_000) },
  kycAuth: { kycToken: '', partnerSpecificUserToken: '' },
  kycExchange: { kyc: { case: 'signedClaims', value: 'not.a.jws' } },
};

/**
 * Wraps a service so a test can switch it between behaving, hanging until the caller's
 * deadline ('slow', no timer involved: it waits for the call's abort signal), failing
 * without an ErrorDetail ('internal'), answering an unlisted error code ('unlisted') and
 * UNAVAILABLE, and answering garbage that decodes but breaks the contract ('garbage', for the
 * RPCs of a login and of userinfo). Counts the calls per RPC.
 */
export function misbehaving(inner: IdentityServiceImpl) {
  const state = { behaviour: 'ok' as Behaviour, calls: new Map<string, number>() };
  const wrap = <K extends keyof IdentityServiceImpl>(name: K): IdentityServiceImpl[K] =>
    (async (req: never, ctx: { signal: AbortSignal }) => {
      state.calls.set(name, (state.calls.get(name) ?? 0) + 1);
      switch (state.behaviour) {
        case 'slow':
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
          throw new ConnectError('gave up', Code.Canceled);
        case 'internal': throw new ConnectError('database on fire', Code.Internal);
        case 'unavailable': throw new ConnectError('down for maintenance', Code.Unavailable);
        case 'garbage':
          if (name in GARBAGE) return GARBAGE[name];
          return (inner[name] as (req: never, ctx: never) => unknown)(req, ctx as never);
        case 'unlisted':
          throw new ConnectError('nope', Code.FailedPrecondition, undefined, [
            { desc: ErrorDetailSchema, value: create(ErrorDetailSchema, { error: 'something_else', errorDescription: 'nope' }) },
          ]);
        default: return (inner[name] as (req: never, ctx: never) => unknown)(req, ctx as never);
      }
    }) as unknown as IdentityServiceImpl[K];
  const impl: IdentityServiceImpl = {
    getCapabilities: wrap('getCapabilities'),
    deliverOtp: wrap('deliverOtp'),
    kycAuth: wrap('kycAuth'),
    kycExchange: wrap('kycExchange'),
    revokeKycToken: wrap('revokeKycToken'),
  };
  return { impl, state };
}
