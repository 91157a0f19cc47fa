import type { ServerResponse } from 'node:http';

/** How the gateway reports its HTTP traffic (the runtime backs it with prom-client). */
export interface GatewayMetrics {
  /** One finished request: its route (canonical path, or `unmatched`), method, status and seconds. */
  observeHttp(route: string, method: string, status: number, seconds: number): void;
  /** The Prometheus text exposition of every metric of the process. */
  exposition(): Promise<{ contentType: string; body: string }>;
  /** Serve `GET /metrics` on the public listener (development; production uses a separate port). */
  readonly onPublicListener: boolean;
}

/** Answers `GET /metrics` in the Prometheus text format, never cached. */
export async function sendMetrics(res: ServerResponse, metrics: GatewayMetrics): Promise<void> {
  const { contentType, body } = await metrics.exposition();
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}
