import test from 'ava';
import { get, startGateway } from './harness.js';

const DOCS: [string, string][] = [
  ['/.well-known/openid-configuration', 'authorization_endpoint'],
  ['/v1/esignet/oidc/.well-known/openid-configuration', 'authorization_endpoint'],
  ['/.well-known/oauth-authorization-server', 'token_endpoint'],
  ['/v1/esignet/oauth/.well-known/oauth-authorization-server', 'token_endpoint'],
  ['/.well-known/openid-credential-issuer', 'credential_endpoint'],
];

test('serves every discovery document and its eSignet alias with CORS * and a max-age', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  for (const [path, member] of DOCS) {
    const res = await get(gw.url + path);
    t.is(res.status, 200, path);
    t.is(res.headers.get('access-control-allow-origin'), '*', path);
    t.regex(res.headers.get('cache-control') ?? '', /^public, max-age=\d+$/, path);
    t.regex(res.headers.get('content-type') ?? '', /^application\/json/, path);
    const doc = (await res.json()) as Record<string, unknown>;
    t.truthy(doc[member], path);
  }
  t.is(gw.fake.calls.filter((c) => c === 'getDiscovery').length, 1, 'documents come from one cached GetDiscovery');
});

test('serves the token JWKS on both paths, cached for the core max age', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  for (const path of ['/.well-known/jwks.json', '/v1/esignet/oauth/.well-known/jwks.json']) {
    const res = await get(gw.url + path);
    t.is(res.status, 200);
    t.is(res.headers.get('access-control-allow-origin'), '*');
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1]);
    t.true(maxAge > 100 && maxAge <= 120, `max-age ${maxAge}`);
    const jwks = (await res.json()) as { keys: { kid: string }[] };
    t.is(jwks.keys[0]?.kid, 'token-key');
  }
  t.is(gw.fake.calls.filter((c) => c === 'getJwks').length, 1);
});

test('jwt-vc-issuer inlines the credential-purpose JWKS', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const res = await get(`${gw.url}/.well-known/jwt-vc-issuer`);
  t.is(res.status, 200);
  const doc = (await res.json()) as { issuer: string; jwks: { keys: { kid: string }[] } };
  t.is(doc.issuer, 'https://id.example.test');
  t.is(doc.jwks.keys[0]?.kid, 'cred-key');
  t.deepEqual(gw.fake.requests['getJwks']?.map((r) => (r as { purpose: string }).purpose), ['credential']);
});

test('answers a CORS preflight on metadata and 405 with Allow for a POST', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const pre = await fetch(`${gw.url}/.well-known/jwks.json`, { method: 'OPTIONS' });
  t.is(pre.status, 204);
  t.is(pre.headers.get('access-control-allow-origin'), '*');
  const post = await fetch(`${gw.url}/.well-known/jwks.json`, { method: 'POST' });
  t.is(post.status, 405);
  t.is(post.headers.get('allow'), 'GET');
});

test('healthz reports SERVING, and NOT_SERVING with 503 when the core fails', async (t) => {
  const ok = await startGateway();
  t.teardown(ok.close);
  const res = await get(`${ok.url}/healthz`);
  t.is(res.status, 200);
  t.deepEqual(await res.json(), { status: 'SERVING' });
  const broken = await startGateway({ broken: true });
  t.teardown(broken.close);
  const bad = await get(`${broken.url}/healthz`);
  t.is(bad.status, 503);
  t.deepEqual(await bad.json(), { status: 'NOT_SERVING' });
});

test('metadata is 503 without internals when the core fails, and unknown paths are 404', async (t) => {
  const gw = await startGateway({ broken: true });
  t.teardown(gw.close);
  const res = await get(`${gw.url}/.well-known/openid-configuration`);
  t.is(res.status, 503);
  t.notRegex(await res.text(), /hunter2|pg:5432/);
  t.is((await get(`${gw.url}/nope`)).status, 404);
});
