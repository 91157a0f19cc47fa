/**
 * Gateway.close() drains: requests in flight finish (with `Connection: close`), requests that
 * arrive afterwards get 503 with `Retry-After`, and the grace period bounds the wait.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { createClient } from '@connectrpc/connect';
import { IdentityService } from '../../src/gen/signet/v1/identity_pb.js';
import { createCoreTransport, createGateway, type Gateway } from '../../gateway/index.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** A gateway whose core answers ExchangeToken only when the test releases it. */
async function gatewayWithHeldCore() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reachedCore!: () => void;
  const inCore = new Promise<void>((resolve) => (reachedCore = resolve));
  const transport = createCoreTransport({
    mode: 'embedded',
    routes: (r) =>
      r.service(IdentityService, {
        async exchangeToken() {
          reachedCore();
          await released;
          return { accessToken: 'at', tokenType: 'Bearer', expiresIn: 60n, idToken: 'id' };
        },
      }),
  });
  const gateway = createGateway({ client: createClient(IdentityService, transport), publicUrl: 'http://127.0.0.1', logger: silent, cookieSecret: 'x'.repeat(32) });
  const { url } = await gateway.listen(0);
  return { gateway, url, release, inCore };
}

function post(url: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/token`, { method: 'POST', agent: false, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end('grant_type=authorization_code&code=c');
  });
}

test('a request in flight when close() starts finishes with its answer and Connection: close; close() waits for it', async (t) => {
  const { gateway, url, release, inCore } = await gatewayWithHeldCore();
  const answer = post(url);
  await inCore;
  let closed = false;
  const closing = gateway.close(30_000).then(() => (closed = true));
  await new Promise((r) => setImmediate(r));
  t.false(closed, 'close() waits for the request in flight');
  await t.throwsAsync(post(url), { code: 'ECONNREFUSED' }, 'no new connection is accepted');
  release();
  const res = await answer;
  t.is(res.status, 200);
  t.is(JSON.parse(res.body).access_token, 'at');
  t.is(res.headers['connection'], 'close');
  await closing;
  t.true(closed);
});

test('after the grace period close() resolves and cuts what is left', async (t) => {
  const { gateway, url, inCore } = await gatewayWithHeldCore();
  const answer = post(url).then(
    () => 'answered',
    (err: NodeJS.ErrnoException) => err.code,
  );
  await inCore;
  await gateway.close(1);
  t.is(await answer, 'ECONNRESET');
});

test('a request that arrives while the gateway drains is answered 503 with Retry-After and Connection: close, in the shape of its route', async (t) => {
  // The gateway's handler mounted on a server of the test's own: close() drains the gateway
  // (its own server never listened), while this server still delivers requests to the handler.
  const gateway: Gateway = createGateway({ client: createClient(IdentityService, createCoreTransport({ mode: 'embedded', routes: () => {} })), publicUrl: 'http://127.0.0.1', logger: silent, cookieSecret: 'x'.repeat(32) });
  await gateway.close();
  const server = createServer(gateway.handler).listen(0, '127.0.0.1');
  t.teardown(() => server.close());
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const token = await post(url);
  t.is(token.status, 503);
  t.is(token.headers['retry-after'], '5');
  t.is(token.headers['connection'], 'close');
  t.is(JSON.parse(token.body).error, 'temporarily_unavailable');

  const page = await fetch(`${url}/authorize?client_id=x`);
  t.is(page.status, 503);
  t.is(page.headers.get('retry-after'), '5');
  t.regex(page.headers.get('content-type') ?? '', /text\/html/);
  t.regex(await page.text(), /temporarily_unavailable/);
});
