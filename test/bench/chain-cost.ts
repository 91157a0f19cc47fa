/**
 * The CPU cost of the core's interceptor chain per call, and of its observability parts: one
 * process, the in-process transport (as `npm start`'s gateway uses it), an IdentityService whose
 * every method answers an empty message at once, so what is measured is the chain and the
 * transport, not a handler. Variants, measured in alternating rounds (median of the rounds):
 *   handlers alone           an empty chain
 *   chain, no observability  request id, access log, error boundary, authentication, policy,
 *                            dependency boundary (the chain before metrics and tracing)
 *   full chain               the chain `npm start` runs: plus metrics and the (idle) trace span
 *   full chain + tracer      the same with an SDK tracer provider registered and every span
 *                            sampled, exported to a sink that drops them (what OTLP export costs
 *                            before the network)
 * Prints one JSON line per variant (stderr) and a table. BENCH_CALLS (default 20000) calls per
 * round, BENCH_CHAIN_ROUNDS (default 5) rounds; BENCH_CHAIN_PARTS=1 adds the chain with only the
 * metrics, and with only the idle trace interceptor.
 */
import { createClient, createContextValues, type Interceptor } from "@connectrpc/connect";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { silentLogger } from "../../src/core/logger.js";
import { inProcessGateway, principalKey } from "../../src/core/principal.js";
import { signetMetrics } from "../../src/observability/metrics.js";
import { startTracing } from "../../src/observability/tracing.js";
import { createCallerDirectory } from "../../src/server/auth/callers.js";
import { authenticateInterceptor } from "../../src/server/auth/authenticate.js";
import { policyInterceptor } from "../../src/server/auth/policy.js";
import { createInProcessTransport } from "../../src/server/dispatch/in-process-transport.js";
import { createServiceRegistry } from "../../src/server/dispatch/registry.js";
import { coreInterceptors } from "../../src/server/interceptors/index.js";
import { accessLogInterceptor } from "../../src/server/interceptors/access-log.js";
import { dependencyBoundaryInterceptor } from "../../src/server/interceptors/dependency-boundary.js";
import { errorBoundaryInterceptor } from "../../src/server/interceptors/error-boundary.js";
import { requestIdInterceptor } from "../../src/server/interceptors/request-id.js";
import { rpcMetrics } from "../../src/server/interceptors/metrics.js";
import { tracingInterceptor } from "../../src/server/interceptors/tracing.js";

const calls = Number(process.env.BENCH_CALLS ?? 20_000);
const rounds = Number(process.env.BENCH_CHAIN_ROUNDS ?? 5);

const impl = Object.fromEntries(IdentityService.methods.map((m) => [m.localName, async () => ({})]));
const auth = { callers: createCallerDirectory([], "bench-admin-token-0123456789abcdef0123456789"), anonymousIsGateway: false };
const metrics = signetMetrics();

function clientFor(interceptors: Interceptor[]) {
  const registry = createServiceRegistry([{ desc: IdentityService, impl }], interceptors);
  const transport = createInProcessTransport(registry, { contextValues: () => createContextValues().set(principalKey, inProcessGateway) });
  return createClient(IdentityService, transport);
}

const variants: { name: string; client: ReturnType<typeof clientFor>; tracer?: true; timeoutMs?: number }[] = [
  { name: "handlers alone", client: clientFor([]) },
  {
    name: "chain, no observability",
    client: clientFor([
      requestIdInterceptor(),
      accessLogInterceptor(silentLogger),
      errorBoundaryInterceptor(silentLogger),
      authenticateInterceptor(auth),
      policyInterceptor(),
      dependencyBoundaryInterceptor(silentLogger),
    ]),
  },
  ...(process.env.BENCH_CHAIN_PARTS ? [
    { name: "no observability + metrics", client: clientFor([requestIdInterceptor(), accessLogInterceptor(silentLogger, rpcMetrics(metrics)), errorBoundaryInterceptor(silentLogger), authenticateInterceptor(auth), policyInterceptor(), dependencyBoundaryInterceptor(silentLogger)]) },
    { name: "no observability + idle tracing", client: clientFor([tracingInterceptor(), requestIdInterceptor(), accessLogInterceptor(silentLogger), errorBoundaryInterceptor(silentLogger), authenticateInterceptor(auth), policyInterceptor(), dependencyBoundaryInterceptor(silentLogger)]) },
  ] : []),
  { name: "full chain", client: clientFor(coreInterceptors({ logger: silentLogger, auth, metrics })) },
  // The gateway gives every call a deadline (SIGNET_CORE_TIMEOUT_SECONDS): a timer and the race against it.
  { name: "full chain, with a deadline", client: clientFor(coreInterceptors({ logger: silentLogger, auth, metrics })), timeoutMs: 10_000 },
];

/** CPU µs per call (user + system) over `n` sequential calls, and wall µs per call. */
async function measure(client: ReturnType<typeof clientFor>, n: number, timeoutMs?: number): Promise<{ cpu: number; wall: number }> {
  const options = timeoutMs === undefined ? undefined : { timeoutMs };
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await client.getJwks({}, options);
  const cpu = process.cpuUsage(cpu0);
  const wall = Number(process.hrtime.bigint() - wall0) / 1000;
  return { cpu: (cpu.user + cpu.system) / n, wall: wall / n };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function run(list: typeof variants): Promise<Map<string, { cpu: number[]; wall: number[] }>> {
  const results = new Map(list.map((v) => [v.name, { cpu: [] as number[], wall: [] as number[] }]));
  for (const v of list) await measure(v.client, Math.min(calls, 5000), v.timeoutMs); // warm up (JIT, caches)
  for (let r = 0; r < rounds; r++) {
    for (const v of list) {
      const { cpu, wall } = await measure(v.client, calls, v.timeoutMs);
      results.get(v.name)!.cpu.push(cpu);
      results.get(v.name)!.wall.push(wall);
    }
  }
  return results;
}

const untraced = await run(variants);
// A registered tracer provider is process-wide: measured last, once the others are done.
const sink = { export: (_spans: unknown[], done: (r: { code: number }) => void) => done({ code: 0 }), shutdown: async () => {}, forceFlush: async () => {} };
const tracing = await startTracing({ env: {}, serviceName: "signet-bench", exporter: sink });
const traced = await run([{ name: "full chain + tracer", client: clientFor(coreInterceptors({ logger: silentLogger, auth, metrics })) }]);
await tracing?.shutdown();

const all = new Map([...untraced, ...traced]);
const base = median(all.get("handlers alone")!.cpu);
console.log(`\nInterceptor chain cost, in process, ${rounds} rounds of ${calls} calls (median CPU µs per call):\n`);
console.log("| Variant | CPU µs/call | wall µs/call | chain CPU µs/call |\n|---|---|---|---|");
for (const [name, r] of all) {
  const cpu = median(r.cpu);
  console.log(`| ${name} | ${cpu.toFixed(1)} | ${median(r.wall).toFixed(1)} | ${(cpu - base).toFixed(1)} |`);
  console.error(JSON.stringify({ variant: name, cpu_us: r.cpu.map((x) => +x.toFixed(2)), wall_us: r.wall.map((x) => +x.toFixed(2)) }));
}
