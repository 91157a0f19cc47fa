/**
 * Where `/metrics` is served: the core on its own listener (never the gRPC port), the gateway
 * on its public listener only outside production without a metrics port of its own.
 */
import test from "ava";
import { loadConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { createGateway } from "../../gateway/index.js";
import { signetMetrics } from "../../src/observability/metrics.js";
import { gatewayMetrics, metricsOnPublicListener, startMetricsServer } from "../../src/runtime/metrics-server.js";

const metrics = signetMetrics();

test("the core's metrics listener serves GET /metrics in the Prometheus text format and nothing else", async (t) => {
  metrics.logins.inc({ factor: "otp", outcome: "ok" });
  const server = await startMetricsServer(metrics, "127.0.0.1", 0);
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const res = await fetch(`${base}/metrics`);
    t.is(res.status, 200);
    t.regex(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    t.is(res.headers.get("cache-control"), "no-store");
    const body = await res.text();
    t.regex(body, /^signet_logins_total\{factor="otp",outcome="ok"\} 1$/m);
    t.regex(body, /^# TYPE process_cpu_user_seconds_total counter$/m, "Node's process metrics beside Signet's");
    t.is((await fetch(`${base}/`)).status, 404);
    t.is((await fetch(`${base}/metrics`, { method: "POST" })).status, 404);
  } finally {
    await server.close();
  }
});

const config = (env: Record<string, string>, metricsPort = 0) =>
  loadConfig({ env: { SIGNET_ISSUER: "https://id.example.org", ...env }, overrides: { dataDir: "/nonexistent", gateway: { metricsPort } } });

test("the gateway serves /metrics on its public listener only outside production and without its own metrics port", (t) => {
  t.true(metricsOnPublicListener(config({})));
  t.false(metricsOnPublicListener(config({}, 9465)), "a metrics port of its own takes /metrics off the public listener");
  t.false(metricsOnPublicListener(config({ NODE_ENV: "production" })), "never in production");
});

for (const onPublicListener of [true, false]) {
  test(`a gateway ${onPublicListener ? "with" : "without"} /metrics on its public listener answers ${onPublicListener ? 200 : 404}`, async (t) => {
    const gateway = createGateway({
      client: {} as never,
      publicUrl: "http://127.0.0.1",
      logger: silentLogger,
      cookieSecret: "0123456789abcdef0123456789abcdef",
      metrics: gatewayMetrics(metrics, onPublicListener),
    });
    const { url } = await gateway.listen(0, "127.0.0.1");
    try {
      const res = await fetch(`${url}/metrics`);
      t.is(res.status, onPublicListener ? 200 : 404);
      if (onPublicListener) t.regex(await res.text(), /^# TYPE signet_http_request_duration_seconds histogram$/m);
    } finally {
      await gateway.close(100);
    }
  });
}
