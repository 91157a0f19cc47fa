/**
 * Without OTEL_EXPORTER_OTLP_ENDPOINT nothing of the OpenTelemetry SDK is loaded and no span is
 * made, yet the gateway's and the core's log lines of one HTTP request still share its request
 * id and a trace id: the browser's or relying party's `traceparent`, else one the gateway starts.
 */
import test from "ava";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { trace } from "@opentelemetry/api";
import { createLogger } from "../../src/core/logger.js";
import { startTracing, tracingEnabled } from "../../src/observability/tracing.js";
import { packageImports } from "../helpers/import-graph.js";
import { startSignet, type RegisteredClient, type SignetUnderTest } from "../helpers/signet.js";
import { authorizeUrl, walkPages } from "../oidc/rp.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const lines: Record<string, unknown>[] = [];
let signet: SignetUnderTest;
let rp: RegisteredClient;

test.before(async () => {
  signet = await startSignet({ logger: createLogger("info", (l) => lines.push(JSON.parse(l) as Record<string, unknown>)) });
  rp = await signet.registerClient();
});
test.after.always(() => signet?.stop());

test("the SDK and the OTLP exporter are reached only by the dynamic imports of startTracing", (t) => {
  const sdk = packageImports(ROOT, ["src/cli/main.ts"]).filter((i) => i.name.startsWith("@opentelemetry/") && i.name !== "@opentelemetry/api");
  t.true(sdk.some((i) => i.name === "@opentelemetry/exporter-trace-otlp-http"), "the walk reaches the exporter");
  t.deepEqual(sdk.filter((i) => !(i.dynamic && i.file === "src/observability/tracing.ts")), [], "no static import of the SDK anywhere");
});

test("startTracing without OTEL_EXPORTER_OTLP_ENDPOINT registers nothing", async (t) => {
  t.is(await startTracing({ env: { OTEL_SERVICE_NAME: "x" }, serviceName: "signet-test" }), undefined);
  t.false(tracingEnabled());
  t.false(trace.getTracer("probe").startSpan("probe").isRecording(), "only the API's no-op tracer");
});

/** The gateway's HTTP lines and the core's RPC lines written since `from`. */
function linesSince(from: number) {
  const written = lines.slice(from);
  return { http: written.filter((l) => l.msg === "http request"), rpc: written.filter((l) => l.msg === "rpc") };
}

test.serial("a login's log lines: one per HTTP request and per RPC, the core's with the id and trace of the HTTP request that made it", async (t) => {
  const from = lines.length;
  await walkPages(signet.issuer, authorizeUrl(signet, rp).url);
  const { http, rpc } = linesSince(from);
  t.true(http.length >= 4 && rpc.length >= 4, `${http.length} HTTP lines, ${rpc.length} RPC lines`);
  const byRequest = new Map(http.map((l) => [l.request_id, l]));
  t.is(byRequest.size, http.length, "one line per HTTP request, each with its own request id");
  for (const l of [...http, ...rpc]) t.regex(String(l.trace_id), /^[0-9a-f]{32}$/, `${String(l.msg)} ${String(l.path ?? l.rpc)} has a trace id`);
  for (const l of rpc) {
    const parent = byRequest.get(l.request_id);
    t.truthy(parent, `${String(l.rpc)} carries the request id of an HTTP request`);
    t.is(l.trace_id, parent?.trace_id, `${String(l.rpc)} is in the trace of ${String(parent?.path)}`);
  }
  const authenticate = rpc.find((l) => l.rpc === "signet.v1.IdentityService/Authenticate");
  t.regex(String(byRequest.get(authenticate?.request_id)?.path), /^\/login\//, "Authenticate is logged with the id of the login POST");
});

test.serial("a browser's or relying party's traceparent is the trace id of both the gateway's and the core's lines", async (t) => {
  const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
  const from = lines.length;
  const res = await fetch(`${signet.issuer}/.well-known/openid-configuration`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
  t.is(res.status, 200);
  await walkPages(signet.issuer, authorizeUrl(signet, rp).url, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
  const { http, rpc } = linesSince(from);
  t.true(http.length > 0 && rpc.length > 0);
  t.deepEqual([...new Set([...http, ...rpc].map((l) => l.trace_id))], [traceId]);
});
