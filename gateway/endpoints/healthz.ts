import type { Handler } from '../context.js';
import { sendJson } from '../http/respond.js';

/** How long the health check waits for the core. */
const CORE_TIMEOUT_MS = 2000;

/**
 * `GET /healthz`: `{status: "SERVING"}` when the core answers GetJwks (a cheap
 * call that reads the key store) within 2 s, else 503 `{status: "NOT_SERVING"}`
 * (the names of grpc.health.v1 `ServingStatus`). Not cached, never the cached metadata.
 */
export const healthz: Handler = async (_req, res, ctx) => {
  try {
    await ctx.client.getJwks({}, { timeoutMs: CORE_TIMEOUT_MS });
    sendJson(res, 200, { status: 'SERVING' }, { 'Cache-Control': 'no-store' });
  } catch (err) {
    ctx.logger.warn('health check: core unreachable', { error: err instanceof Error ? err.message : String(err) });
    sendJson(res, 503, { status: 'NOT_SERVING' }, { 'Cache-Control': 'no-store' });
  }
};
