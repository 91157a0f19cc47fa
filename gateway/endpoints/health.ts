import { HealthCheckResponse_ServingStatus as Serving } from '../../src/gen/grpc/health/v1/health_pb.js';
import { IdentityService } from '../../src/gen/signet/v1/identity_pb.js';
import type { Handler } from '../context.js';
import { sendJson } from '../http/respond.js';

/** How long readiness waits for the core. */
const CORE_TIMEOUT_MS = 2000;

const NO_STORE = { 'Cache-Control': 'no-store' } as const;

/**
 * `GET /livez`: the process is up and its event loop turns — nothing else is checked, so a
 * database or core outage never makes an orchestrator restart healthy gateways.
 */
export const livez: Handler = async (_req, res) => {
  sendJson(res, 200, { status: 'SERVING' }, NO_STORE);
};

/**
 * `GET /readyz` (and `/healthz`): whether this gateway can serve logins now — 200
 * `{status: "SERVING"}` when the core reports `signet.v1.IdentityService` SERVING on
 * grpc.health.v1 within 2 s (the core's readiness checks storage and the identity system),
 * else 503 `{status: "NOT_SERVING"}` (with `Retry-After`): the core is unreachable or not
 * ready. A gateway shutting down answers 503 before it gets here (dispatch). Never cached.
 */
export const readyz: Handler = async (_req, res, ctx) => {
  let serving = true;
  try {
    if (ctx.health) {
      const { status } = await ctx.health.check({ service: IdentityService.typeName }, { timeoutMs: CORE_TIMEOUT_MS });
      serving = status === Serving.SERVING;
    } else {
      // A gateway built without a health client: the core answering a call that reads the key store.
      await ctx.client.getJwks({}, { timeoutMs: CORE_TIMEOUT_MS });
    }
  } catch (err) {
    ctx.logger.warn('readiness: core unreachable', { error: err instanceof Error ? err.message : String(err) });
    serving = false;
  }
  sendJson(res, serving ? 200 : 503, { status: serving ? 'SERVING' : 'NOT_SERVING' }, NO_STORE);
};
