/**
 * An identity system that is down, slow, failing or answering garbage, seen through the
 * adapter over a real gRPC socket: every such failure is an IdentitySystemUnavailableError
 * (never charged to the person), only idempotent RPCs are retried, and nothing an identity
 * system adds beyond the accepted claims is released.
 */
import { createServer as createH2Server, type Http2Server, type Http2Session, type ServerHttp2Stream } from 'node:http2';
import test from 'ava';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { freePort } from '../helpers/signet.js';
import { AISHA, RP } from '../identity/helpers.js';
import { adapterOver, misbehaving, mockService, serveOverGrpc, type Behaviour } from './helpers.js';

const pin = { transactionId: 'txn-1', individualId: AISHA.individualId, ...RP, challenges: [{ type: 'PIN' as const, value: AISHA.pin }] };

async function setup(t: { teardown: (fn: () => Promise<void>) => void }, timeoutMs = 10_000) {
  const mock = mockService();
  const bad = misbehaving(mock.impl);
  const served = await serveOverGrpc(bad.impl);
  t.teardown(served.stop);
  const idsys = adapterOver(served.transport, { timeoutMs });
  return { idsys, ...bad, mock };
}

test('an identity system that is down: every RPC is a server-side failure that never counts as an attempt', async (t) => {
  const port = await freePort(); // nothing listens here
  const idsys = adapterOver(createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
  for (const call of [
    () => idsys.kycAuth(pin),
    () => idsys.sendOtp({ transactionId: 't', individualId: AISHA.individualId, channels: [], ...RP }),
    () => idsys.kycExchange({ kycToken: 'x', clientId: RP.clientId, claims: ['name'], claimsLocales: [] }),
    () => idsys.capabilities(),
  ]) {
    const err = await t.throwsAsync(call(), { name: 'IdentitySystemUnavailableError' });
    t.is((err as { reason?: string }).reason, 'unavailable');
    t.false((err as { countsAsAttempt?: boolean }).countsAsAttempt);
  }
});

test('UNAVAILABLE is retried for KycExchange, RevokeKycToken and GetCapabilities, never for DeliverOtp or KycAuth', async (t) => {
  const { idsys, state } = await setup(t);
  state.behaviour = 'unavailable';
  await t.throwsAsync(idsys.kycAuth(pin), { name: 'IdentitySystemUnavailableError' });
  await t.throwsAsync(idsys.sendOtp({ transactionId: 't', individualId: AISHA.individualId, channels: [], ...RP }), { name: 'IdentitySystemUnavailableError' });
  await t.throwsAsync(idsys.kycExchange({ kycToken: 'x', clientId: RP.clientId, claims: ['name'], claimsLocales: [] }), { name: 'IdentitySystemUnavailableError' });
  await t.throwsAsync(idsys.revokeKycToken('x'), { name: 'IdentitySystemUnavailableError' });
  t.is(state.calls.get('kycAuth'), 1);
  t.is(state.calls.get('deliverOtp'), 1);
  t.is(state.calls.get('kycExchange'), 3, '1 + 2 retries');
  t.is(state.calls.get('revokeKycToken'), 3);

});

test('a retry that finds the identity system back succeeds', async (t) => {
  const mock = mockService();
  const bad = misbehaving(mock.impl);
  const served = await serveOverGrpc(bad.impl);
  t.teardown(served.stop);
  // It comes back during the pause before the first retry.
  const idsys = adapterOver(served.transport, { backoffMs: () => {
    bad.state.behaviour = 'ok';
    return 0;
  } });
  const { kycToken } = await idsys.kycAuth(pin);
  bad.state.behaviour = 'unavailable';
  t.deepEqual(await idsys.kycExchange({ kycToken, clientId: RP.clientId, claims: ['name'], claimsLocales: ['en'] }), { name: 'Aisha Rahman' });
  t.is(bad.state.calls.get('kycExchange'), 2);
});

test('an identity system slower than the deadline gives deadline_exceeded, not a hang', async (t) => {
  const { idsys, state } = await setup(t, 500);
  state.behaviour = 'slow';
  const err = await t.throwsAsync(idsys.kycAuth(pin), { name: 'IdentitySystemUnavailableError' });
  t.is((err as { reason?: string }).reason, 'deadline_exceeded');
  // At most once (on a loaded machine the deadline may pass before the server sees the call): never retried.
  t.true((state.calls.get('kycAuth') ?? 0) <= 1);
});

const failures: [Behaviour, string][] = [['internal', 'error_status'], ['unlisted', 'contract_violation']];
for (const [behaviour, reason] of failures) {
  test(`an error without a listed code (${behaviour}) is a server-side failure (${reason}), not the person's`, async (t) => {
    const { idsys, state } = await setup(t);
    state.behaviour = behaviour;
    const err = await t.throwsAsync(idsys.kycAuth(pin), { name: 'IdentitySystemUnavailableError' });
    t.is((err as { reason?: string }).reason, reason);
  });
}

test('answers that break the contract are server-side failures: no token, claims of the wrong shape', async (t) => {
  const mock = mockService();
  const served = await serveOverGrpc({
    ...mock.impl,
    kycAuth: async () => ({ kycToken: '', partnerSpecificUserToken: 'p' }),
    kycExchange: async () => ({ kyc: { case: 'claims', value: { name: ['not', 'a', 'string'] } } }),
  });
  t.teardown(served.stop);
  const idsys = adapterOver(served.transport);
  await t.throwsAsync(idsys.kycAuth(pin), { name: 'IdentitySystemUnavailableError', message: /kyc_token/ });
  await t.throwsAsync(idsys.kycExchange({ kycToken: 'x', clientId: RP.clientId, claims: ['name'], claimsLocales: [] }), { name: 'IdentitySystemUnavailableError', message: /unsupported value/ });
});

test('claims nobody accepted are dropped, whatever the identity system sends', async (t) => {
  const mock = mockService();
  const served = await serveOverGrpc({
    ...mock.impl,
    kycExchange: async () => ({ kyc: { case: 'claims', value: { name: 'Aisha Rahman', 'name#ar': 'عائشة رحمن', individual_id: AISHA.individualId, pin: AISHA.pin } } }),
  });
  t.teardown(served.stop);
  const claims = await adapterOver(served.transport).kycExchange({ kycToken: 'x', clientId: RP.clientId, claims: ['name'], claimsLocales: [] });
  t.deepEqual(claims, { name: 'Aisha Rahman', 'name#ar': 'عائشة رحمن' });
});

test('garbage on the wire (an HTTP/2 server that is not gRPC, or sends undecodable bytes) is a server-side failure', async (t) => {
  const servers: Http2Server[] = [];
  const sessions: Http2Session[] = [];
  t.teardown(async () => {
    // The client keeps its HTTP/2 session open; close() would wait for it.
    for (const s of sessions) s.destroy();
    for (const s of servers) await new Promise((r) => s.close(r));
  });
  const serve = async (respond: (stream: ServerHttp2Stream) => void) => {
    const server = createH2Server();
    server.on('session', (session) => sessions.push(session));
    server.on('stream', (stream) => respond(stream));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    return adapterOver(createGrpcTransport({ baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}` }));
  };
  const html = await serve((s) => {
    s.respond({ ':status': 200, 'content-type': 'text/html' });
    s.end('<html>proxy error</html>');
  });
  const bytes = await serve((s) => {
    s.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    s.on('wantTrailers', () => s.sendTrailers({ 'grpc-status': '0' }));
    s.end(Buffer.from([0, 0, 0, 0, 5, 0xff, 0xff, 0xff, 0xff, 0xff]));
  });
  for (const idsys of [html, bytes]) {
    await t.throwsAsync(idsys.kycAuth(pin), { name: 'IdentitySystemUnavailableError' });
    await t.throwsAsync(idsys.sendOtp({ transactionId: 't', individualId: AISHA.individualId, channels: [], ...RP }), { name: 'IdentitySystemUnavailableError' });
  }
});
