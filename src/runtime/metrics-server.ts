import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayMetrics } from "../../gateway/index.js";
import type { SignetConfig } from "../config/config.js";
import type { SignetMetrics } from "../observability/metrics.js";

/**
 * Whether the gateway answers `GET /metrics` on its public listener: only outside production
 * and when no separate gateway metrics port is configured (production serves metrics on
 * SIGNET_GATEWAY_METRICS_PORT only, so they never face the internet).
 */
export function metricsOnPublicListener(config: SignetConfig): boolean {
  return !config.production && config.gateway.metricsPort === 0;
}

/** The gateway's view of the process metrics: HTTP latency in, the exposition out. */
export function gatewayMetrics(metrics: SignetMetrics, onPublicListener: boolean): GatewayMetrics {
  return {
    onPublicListener,
    observeHttp: (route, method, status, seconds) => metrics.httpDuration.observe({ route, method, status: String(status) }, seconds),
    exposition: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
  };
}

/** A listener serving only `GET /metrics` (Prometheus text format), off the public port. */
export async function startMetricsServer(metrics: SignetMetrics, host: string, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
      return;
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
