/**
 * Health that tells the truth: grpc.health.v1 follows readiness (storage and the identity
 * system answering), the gateway's /readyz follows the core's health, /livez stays cheap.
 */
import test from 'ava';
import { createClient, createRouterTransport } from '@connectrpc/connect';
import { Health, HealthCheckResponse_ServingStatus as Serving } from '../../src/gen/grpc/health/v1/health_pb.js';
import { IdentityService } from '../../src/gen/signet/v1/identity_pb.js';
import { silentLogger } from '../../src/core/logger.js';
import { createHealth } from '../../src/server/health.js';
import { createReadiness, type Probe } from '../../src/server/readiness.js';
import { createInProcessTransport } from '../../src/server/dispatch/in-process-transport.js';
import { createServiceRegistry } from '../../src/server/dispatch/registry.js';
import { createCoreTransport, createGateway } from '../../gateway/index.js';

/** A probe the test turns up and down, counting its runs. */
function switchable(name: string) {
  let up = true;
  let runs = 0;
  const probe: Probe = {
    name,
    check: async () => {
      runs++;
      if (!up) throw new Error(`${name} refused`);
    },
  };
  return { probe, set: (value: boolean) => (up = value), runs: () => runs };
}

/** A never-settling probe: a dependency that hangs. */
const hanging: Probe = { name: 'frozen', check: () => new Promise(() => {}) };

test('readiness reuses a result for its max age, shares a running check, and names what fails', async (t) => {
  let now = 0;
  const storage = switchable('storage');
  const identity = switchable('identity system');
  const readiness = createReadiness([storage.probe, identity.probe], { timeoutMs: 1000, maxAgeMs: 1000, now: () => now });
  const [a, b] = await Promise.all([readiness.check(), readiness.check()]);
  t.true(a.ready);
  t.is(a, b);
  t.is(storage.runs(), 1, 'two concurrent checks, one probe');
  identity.set(false);
  t.true((await readiness.check()).ready, 'within the max age the last result stands');
  now += 1000;
  const report = await readiness.check();
  t.false(report.ready);
  t.deepEqual(report.failing, [{ name: 'identity system', reason: 'identity system refused' }]);
});

test('a probe that hangs fails readiness at its time limit', async (t) => {
  const readiness = createReadiness([hanging], { timeoutMs: 20, maxAgeMs: 0 });
  const report = await readiness.check();
  t.false(report.ready);
  t.regex(report.failing[0]!.reason, /no answer within 20 ms/);
});

test('grpc.health.v1 reports NOT_SERVING for every service while a dependency is down, SERVING again after, to Check and Watch', async (t) => {
  const storage = switchable('storage');
  const readiness = createReadiness([storage.probe], { timeoutMs: 1000, maxAgeMs: 0 });
  const health = createHealth(['signet.v1.IdentityService'], { readiness, intervalMs: 3_600_000, logger: silentLogger });
  t.teardown(() => health.close());
  // The in-process transport streams Watch messages as they come (the router transport buffers).
  const client = createClient(Health, createInProcessTransport(createServiceRegistry([{ desc: Health, impl: health.impl }], [])));
  const check = async (service: string) => (await client.check({ service })).status;

  const watch = client.watch({ service: 'signet.v1.IdentityService' })[Symbol.asyncIterator]();
  const next = async () => (await watch.next()).value?.status;
  t.is(await next(), Serving.SERVING, 'a watcher starts with the current status');
  t.is(await check('signet.v1.IdentityService'), Serving.SERVING);
  storage.set(false);
  t.is(await check('signet.v1.IdentityService'), Serving.NOT_SERVING);
  t.is(await check(''), Serving.NOT_SERVING, 'the server as a whole too');
  t.is(await next(), Serving.NOT_SERVING, 'the watcher sees the outage');
  storage.set(true);
  t.is(await check('signet.v1.IdentityService'), Serving.SERVING);
  t.is(await next(), Serving.SERVING, 'and the recovery');
  await watch.return?.();
});

test('after shutdown health stays NOT_SERVING whatever readiness says', async (t) => {
  const storage = switchable('storage');
  const health = createHealth(['signet.v1.IdentityService'], { readiness: createReadiness([storage.probe], { timeoutMs: 1000, maxAgeMs: 0 }), intervalMs: 3_600_000, logger: silentLogger });
  const client = createClient(Health, createRouterTransport((r) => r.service(Health, health.impl)));
  health.close();
  t.is((await client.check({ service: 'signet.v1.IdentityService' })).status, Serving.NOT_SERVING);
});

/** A gateway whose core's health the test sets. */
async function gatewayWithHealth(status: () => Serving | Error) {
  const transport = createCoreTransport({
    mode: 'embedded',
    routes: (r) => {
      r.service(IdentityService, {});
      r.service(Health, {
        check: () => {
          const s = status();
          if (s instanceof Error) throw s;
          return { status: s };
        },
      });
    },
  });
  const gateway = createGateway({ client: createClient(IdentityService, transport), health: createClient(Health, transport), publicUrl: 'http://127.0.0.1', logger: { info() {}, warn() {}, error() {} }, cookieSecret: 'x'.repeat(32) });
  const { url } = await gateway.listen(0);
  return { url, gateway };
}

test('gateway: /readyz and /healthz follow the core health, /livez does not; a draining gateway is not ready', async (t) => {
  let status: Serving | Error = Serving.SERVING;
  const { url, gateway } = await gatewayWithHealth(() => status);
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`, { headers: { connection: 'close' } });
    return { status: res.status, body: (await res.json()) as { status: string }, cache: res.headers.get('cache-control') };
  };
  t.deepEqual(await get('/readyz'), { status: 200, body: { status: 'SERVING' }, cache: 'no-store' });
  t.is((await get('/healthz')).status, 200);
  status = Serving.NOT_SERVING;
  t.deepEqual(await get('/readyz'), { status: 503, body: { status: 'NOT_SERVING' }, cache: 'no-store' });
  t.is((await get('/healthz')).status, 503);
  t.is((await get('/livez')).status, 200, 'liveness does not depend on the core');
  status = new Error('core unreachable');
  t.is((await get('/readyz')).status, 503);
  status = Serving.SERVING;

  // A draining gateway answers whatever still arrives on an open connection with 503
  // (dispatch), readiness included; new connections are refused.
  const { createServer } = await import('node:http');
  await gateway.close();
  const server = createServer(gateway.handler).listen(0, '127.0.0.1');
  t.teardown(() => server.close());
  await new Promise((r) => server.once('listening', r));
  const drainingUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  t.is((await fetch(`${drainingUrl}/readyz`)).status, 503);
});
