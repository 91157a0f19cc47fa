/**
 * What operators see: Prometheus metrics on the gateway's /metrics after a login, and one
 * connected OpenTelemetry trace for that login — browser → gateway → core → storage and the
 * identity system — exported to the SDK's in-memory exporter, with the gateway calling the
 * core in process (embedded) and over gRPC with mutual TLS (split).
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { metricNames } from "../../src/observability/metrics.js";
import { startTracing, type Tracing } from "../../src/observability/tracing.js";
import { createLogger } from "../../src/core/logger.js";
import { startSignet, type RegisteredClient, type SignetUnderTest } from "../helpers/signet.js";
import { authorizeUrl, walkPages } from "../oidc/rp.js";

const exporter = new InMemorySpanExporter();
const lines: Record<string, unknown>[] = [];
let tracing: Tracing | undefined;
let signet: SignetUnderTest;
let split: SignetUnderTest;
let rp: RegisteredClient;
let splitRp: RegisteredClient;

test.before(async () => {
  tracing = await startTracing({ env: {}, serviceName: "signet-test", exporter });
  const logger = createLogger("info", (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  split = await startSignet({ logger, split: "mtls" });
  splitRp = await split.registerClient();
  // Started last: the locked-individuals gauge reads the latest core runtime's store.
  signet = await startSignet({ logger });
  rp = await signet.registerClient();
});
test.after.always(async () => {
  await signet?.stop();
  await split?.stop();
  await tracing?.shutdown();
});

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
const BROWSER_SPAN = "b7ad6b7169203331";

for (const mode of ["embedded", "split over mutual TLS"] as const) {
  test.serial(`${mode}: one login is one connected trace: the browser's traceparent → gateway → core RPCs → storage and identity system`, async (t) => {
    exporter.reset();
    lines.length = 0;
    const [target, client] = mode === "embedded" ? [signet, rp] : [split, splitRp];
    const { url } = authorizeUrl(target, client);
    await walkPages(target.issuer, url, { headers: { traceparent: `00-${TRACE_ID}-${BROWSER_SPAN}-01` } });
    const spans: ReadableSpan[] = exporter.getFinishedSpans();
    t.true(spans.length > 10, `${spans.length} spans`);
    t.deepEqual([...new Set(spans.map((s) => s.spanContext().traceId))], [TRACE_ID], "every span is in the browser's trace");
    const ids = new Set(spans.map((s) => s.spanContext().spanId));
    const orphans = spans.filter((s) => {
      const parent = s.parentSpanContext?.spanId;
      return parent !== BROWSER_SPAN && (parent === undefined || !ids.has(parent));
    });
    t.deepEqual(orphans.map((s) => s.name), [], "every span hangs off the browser's span or another span of the trace");
    const names = spans.map((s) => s.name);
    const has = (re: RegExp) => t.true(names.some((n) => re.test(n)), `a span matching ${re} in ${[...new Set(names)].join(", ")}`);
    has(/^HTTP GET \/authorize$/);
    has(/^HTTP POST \/login/);
    has(/^signet\.v1\.IdentityService\/Authorize$/);
    has(/^signet\.v1\.IdentityService\/Authenticate$/);
    has(/^db (select|insert|update)$/);
    has(/^identity kycAuth$/);
    const authenticate = spans.find((s) => s.name === "signet.v1.IdentityService/Authenticate")!;
    const http = spans.find((s) => s.spanContext().spanId === authenticate.parentSpanContext?.spanId);
    t.regex(http?.name ?? "", /^HTTP POST \/login/, "the core's span is a child of the gateway's HTTP span");
    const kyc = spans.find((s) => s.name === "identity kycAuth")!;
    t.is(kyc.parentSpanContext?.spanId, authenticate.spanContext().spanId, "the identity-system call is a child of the RPC");
    // One log line per HTTP request and per RPC, each with its request id and the trace id.
    const traced = lines.filter((l) => l.trace_id === TRACE_ID);
    t.true(traced.some((l) => l.msg === "http request" && typeof l.request_id === "string"));
    t.true(traced.some((l) => l.msg === "rpc" && l.rpc === "signet.v1.IdentityService/Authenticate" && typeof l.request_id === "string"));
  });
}

test.serial("the gateway serves Prometheus metrics for the login: RPCs, HTTP routes, logins, codes, storage and identity latency", async (t) => {
  const { url } = authorizeUrl(signet, rp);
  await walkPages(signet.issuer, url);
  const res = await fetch(`${signet.issuer}/metrics`);
  t.is(res.status, 200);
  t.regex(res.headers.get("content-type") ?? "", /^text\/plain/);
  const text = await res.text();
  for (const name of metricNames) t.true(text.includes(`# TYPE ${name} `), name);
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  t.true(value(/^signet_logins_total\{factor="otp",outcome="ok"\} (\d+)/m) >= 1);
  t.true(value(/^signet_authorization_codes_issued_total (\d+)/m) >= 1);
  t.true(value(/^signet_rpc_duration_seconds_count\{rpc="signet\.v1\.IdentityService\/Authenticate",code="OK"\} (\d+)/m) >= 1);
  t.true(value(/^signet_http_request_duration_seconds_count\{route="\/authorize",method="GET",status="200"\} (\d+)/m) >= 1);
  t.true(value(/^signet_storage_query_duration_seconds_count\{operation="select",outcome="ok"\} (\d+)/m) >= 1);
  t.true(value(/^signet_identity_system_duration_seconds_count\{operation="kycAuth",outcome="ok"\} (\d+)/m) >= 1);
  t.is(value(/^signet_individuals_locked (\S+)/m), 0);
});

test.serial("signet_individuals_locked is read from storage when scraped: an individual locked now counts, until the lock ends", async (t) => {
  const now = Date.now();
  const state = { failures: 5, inFlight: 0, lastAttemptAt: now, lastFailureAt: now, lockedUntil: now + 60_000, otpSends: [] };
  await signet.runtime.storage.individualLimits.compareAndSet("locked-individual-hash", state, null, now + 120_000, now);
  const scrape = async () => Number(/^signet_individuals_locked (\S+)/m.exec(await (await fetch(`${signet.issuer}/metrics`)).text())?.[1]);
  t.is(await scrape(), 1);
  await signet.runtime.storage.individualLimits.recordSuccess("locked-individual-hash", now);
  t.is(await scrape(), 0);
});

test("the README lists every metric name", (t) => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  for (const name of metricNames) t.true(readme.includes(`\`${name}\``), name);
});
