/**
 * The gateway's gRPC transport to a split core (core-transport.ts, grpc-unary.ts): unary calls
 * deliver the message, the response headers and trailers; a refusal arrives with its code,
 * message, ErrorDetail and metadata; the deadline and the caller's cancellation end a call; a
 * response over the size limit is refused; a core that is not there is UNAVAILABLE; a streaming
 * call (health Watch) runs on the same connection.
 */
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import test from 'ava';
import { Code, ConnectError, createClient, type HandlerContext } from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import { Health, HealthCheckResponse_ServingStatus } from '../../src/gen/grpc/health/v1/health_pb.js';
import { ErrorDetailSchema } from '../../src/gen/signet/v1/error_pb.js';
import { IdentityService } from '../../src/gen/signet/v1/identity_pb.js';
import { signetError, toConnectError } from '../../src/core/errors/index.js';
import { silentLogger } from '../../src/core/logger.js';
import { startCoreServer, type CoreServer } from '../../src/server/core-server.js';
import { createServiceRegistry } from '../../src/server/dispatch/registry.js';
import { createCoreTransport } from '../../gateway/core-transport.js';
import { createGrpcUnaryTransport } from '../../gateway/grpc-unary.js';
import { freePort } from '../helpers/ports.js';

const impl = Object.fromEntries(IdentityService.methods.map((m) => [m.localName, async () => ({})])) as Record<string, unknown>;
let reached: string[] = [];
impl.getTransaction = async (req: { transactionId: string }, ctx: HandlerContext) => {
  reached.push(req.transactionId);
  ctx.responseHeader.set('x-served', 'yes');
  ctx.responseTrailer.set('x-after', 'done');
  if (req.transactionId === 'refuse') {
    throw toConnectError(signetError('invalid_request', 'the transaction_id is refused', { field: 'transaction_id' }), () => undefined);
  }
  if (req.transactionId === 'hang') await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
  if (req.transactionId === 'big') return { transaction: { transactionId: 'x'.repeat(64 * 1024) } };
  return { transaction: { transactionId: `echo ${req.transactionId} ${ctx.requestHeader.get('x-request-id') ?? '-'}` } };
};

let server: CoreServer;
let baseUrl: string;

test.before(async () => {
  server = await startCoreServer({ host: '127.0.0.1', port: await freePort(), maxMessageBytes: 1 << 20, logger: silentLogger, registry: createServiceRegistry([{ desc: IdentityService, impl }], []), reflection: false });
  baseUrl = `http://127.0.0.1:${server.port}`;
});
test.after.always(() => server.shutdown(0));

const client = () => createClient(IdentityService, createCoreTransport({ mode: 'grpc', baseUrl, timeoutMs: 5000 }));

test('a unary call delivers the message, the response headers and trailers, and sends the request headers', async (t) => {
  let header: Headers | undefined;
  let trailer: Headers | undefined;
  const res = await client().getTransaction(
    { transactionId: 'a', csrfToken: 'c' },
    { headers: { 'x-request-id': 'req-12345678' }, onHeader: (h) => (header = h), onTrailer: (h) => (trailer = h) },
  );
  t.is(res.transaction?.transactionId, 'echo a req-12345678');
  t.is(header?.get('x-served'), 'yes');
  t.is(trailer?.get('x-after'), 'done');
  // Many calls at once share the connection and each gets its own answer.
  const many = await Promise.all(Array.from({ length: 50 }, (_, i) => client().getTransaction({ transactionId: `n${i}`, csrfToken: 'c' })));
  t.deepEqual(many.map((r) => r.transaction?.transactionId.split(' ')[1]), Array.from({ length: 50 }, (_, i) => `n${i}`));
});

test('a refusal arrives with its code, message, ErrorDetail and metadata', async (t) => {
  const err = ConnectError.from(await t.throwsAsync(client().getTransaction({ transactionId: 'refuse', csrfToken: 'c' })));
  t.is(err.code, Code.InvalidArgument);
  t.is(err.rawMessage, 'the transaction_id is refused');
  const detail = err.findDetails(ErrorDetailSchema)[0];
  t.is(detail?.error, 'invalid_request');
  t.is(detail?.field, 'transaction_id');
  t.is(err.metadata.get('grpc-status'), String(Code.InvalidArgument));
  t.is(err.metadata.get('x-served'), 'yes');
});

test('the deadline and the caller’s cancellation end a call', async (t) => {
  const started = Date.now();
  const late = ConnectError.from(await t.throwsAsync(client().getTransaction({ transactionId: 'hang', csrfToken: 'c' }, { timeoutMs: 150 })));
  t.is(late.code, Code.DeadlineExceeded);
  t.true(Date.now() - started < 2000);
  const caller = new AbortController();
  const pending = client().getTransaction({ transactionId: 'hang', csrfToken: 'c' }, { signal: caller.signal });
  setTimeout(() => caller.abort(), 50);
  t.is(ConnectError.from(await t.throwsAsync(pending)).code, Code.Canceled);
});

test('a call whose caller has already given up is CANCELED and never reaches the core', async (t) => {
  reached = [];
  const err = ConnectError.from(await t.throwsAsync(client().getTransaction({ transactionId: 'never', csrfToken: 'c' }, { signal: AbortSignal.abort(new Error('left')) })));
  t.is(err.code, Code.Canceled);
  await client().getTransaction({ transactionId: 'after', csrfToken: 'c' });
  t.false(reached.includes('never'));
  t.true(reached.includes('after'));
});

test('a deadline that passes while the connection opens ends the call, and nothing is left to throw later', async (t) => {
  for (let i = 0; i < 5; i++) {
    // A new connection each time: the 1 ms deadline passes before the stream exists.
    const fresh = createClient(IdentityService, createCoreTransport({ mode: 'grpc', baseUrl, timeoutMs: 5000 }));
    t.is(ConnectError.from(await t.throwsAsync(fresh.getTransaction({ transactionId: 'a', csrfToken: 'c' }, { timeoutMs: 1 }))).code, Code.DeadlineExceeded);
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // a stream error without a listener would surface as an uncaught exception here
  t.pass();
});

test('a response over the size limit is refused with RESOURCE_EXHAUSTED', async (t) => {
  const sessions = new Http2SessionManager(baseUrl);
  const streams = createGrpcTransport({ baseUrl, sessionManager: sessions });
  const small = createClient(IdentityService, createGrpcUnaryTransport({ baseUrl, sessions, interceptors: [], streams, readMaxBytes: 16 * 1024 }));
  t.is(ConnectError.from(await t.throwsAsync(small.getTransaction({ transactionId: 'big', csrfToken: 'c' }))).code, Code.ResourceExhausted);
  t.is((await small.getTransaction({ transactionId: 'b', csrfToken: 'c' })).transaction?.transactionId, 'echo b -', 'the connection still serves');
  sessions.abort();
});

test('a core that is not listening is UNAVAILABLE', async (t) => {
  const gone = createClient(IdentityService, createCoreTransport({ mode: 'grpc', baseUrl: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2000 }));
  t.is(ConnectError.from(await t.throwsAsync(gone.getTransaction({ transactionId: 'a', csrfToken: 'c' }))).code, Code.Unavailable);
});

test('the deadline ends a call while the connection is still being made (a core that accepts and never answers)', async (t) => {
  const held = new Set<Socket>();
  const silent = createNetServer((socket) => held.add(socket.on('error', () => undefined))); // holds every connection, never speaks TLS
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const socket of held) socket.destroy();
    silent.close();
  });
  const port = (silent.address() as AddressInfo).port;
  const stuck = createClient(IdentityService, createCoreTransport({ mode: 'grpc', baseUrl: `https://127.0.0.1:${port}`, timeoutMs: 5000 }));
  const started = Date.now();
  const err = ConnectError.from(await t.throwsAsync(stuck.getTransaction({ transactionId: 'a', csrfToken: 'c' }, { timeoutMs: 300 })));
  t.is(err.code, Code.DeadlineExceeded);
  t.true(Date.now() - started < 2000, `ended after ${Date.now() - started} ms`);
});

test('a streaming call runs on the same transport', async (t) => {
  const health = createClient(Health, createCoreTransport({ mode: 'grpc', baseUrl, timeoutMs: 5000 }));
  const caller = new AbortController();
  for await (const res of health.watch({ service: '' }, { signal: caller.signal })) {
    t.is(res.status, HealthCheckResponse_ServingStatus.SERVING);
    caller.abort();
    break;
  }
});
