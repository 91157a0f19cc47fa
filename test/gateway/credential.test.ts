import test from 'ava';
import { GOOD_ACCESS_TOKEN } from './fake-core.js';
import { startGateway } from './harness.js';

function postJson(url: string, body: unknown, token = GOOD_ACCESS_TOKEN): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

test('OpenID4VCI 1.0 request → {credentials: [{credential}]}', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  for (const path of ['/credential', '/v1/esignet/vci/credential']) {
    const res = await postJson(gw.url + path, { credential_configuration_id: 'NationalID', proofs: { jwt: ['p1', 'p2'] } });
    t.is(res.status, 200);
    t.is(res.headers.get('cache-control'), 'no-store');
    t.deepEqual(await res.json(), { credentials: [{ credential: 'sd-jwt-0~p1~' }, { credential: 'sd-jwt-1~p2~' }] });
  }
  const req = gw.fake.requests['issueCredential']?.[0] as Record<string, unknown>;
  t.is(req['accessToken'], GOOD_ACCESS_TOKEN);
  t.is(req['credentialConfigurationId'], 'NationalID');
  t.deepEqual((req['proofs'] as { proofType: string; jwt: string }[]).map((p) => [p.proofType, p.jwt]), [['jwt', 'p1'], ['jwt', 'p2']]);
});

test('draft-13 request → {credential, c_nonce, c_nonce_expires_in}', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const res = await postJson(`${gw.url}/credential`, {
    format: 'ldp_vc',
    credential_definition: { type: ['VerifiableCredential', 'NationalID'], '@context': ['https://www.w3.org/2018/credentials/v1'] },
    proof: { proof_type: 'jwt', jwt: 'p1' },
  });
  t.is(res.status, 200);
  t.deepEqual(await res.json(), { credential: 'sd-jwt-0~p1~', c_nonce: 'nonce-3', c_nonce_expires_in: 300 });
  const req = gw.fake.requests['issueCredential']?.[0] as Record<string, unknown>;
  t.is(req['format'], 'ldp_vc');
  t.deepEqual((req['credentialDefinition'] as { type: string[] }).type, ['VerifiableCredential', 'NationalID']);
});

test('credential errors: 400 JSON per §8.3.1, with a fresh c_nonce when offered', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const noProof = await postJson(`${gw.url}/credential`, { credential_configuration_id: 'NationalID' });
  t.is(noProof.status, 400);
  t.deepEqual(await noProof.json(), { error: 'invalid_proof', error_description: 'a key proof is required', c_nonce: 'nonce-2', c_nonce_expires_in: 300 });
  const unknown = await postJson(`${gw.url}/credential`, { credential_configuration_id: 'Unknown', proofs: { jwt: ['p'] } });
  t.is(unknown.status, 400);
  t.is(((await unknown.json()) as { error: string }).error, 'unknown_credential_configuration');
});

test('malformed bodies are invalid_credential_request without a core call', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const bodies = ['{not json', '[1]', { proof: { proof_type: 'jwt', jwt: 'a' }, proofs: { jwt: ['b'] } }, { proofs: { jwt: 'x' } }];
  for (const body of bodies) {
    const res = await postJson(`${gw.url}/credential`, body);
    t.is(res.status, 400);
    t.is(((await res.json()) as { error: string }).error, 'invalid_credential_request');
  }
  const form = await fetch(`${gw.url}/credential`, { method: 'POST', headers: { authorization: `Bearer ${GOOD_ACCESS_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
  t.is(form.status, 400);
  t.deepEqual(gw.fake.calls, []);
});

test('access token problems: 401 with a Bearer challenge', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const missing = await postJson(`${gw.url}/credential`, { credential_configuration_id: 'NationalID' }, '');
  t.is(missing.status, 401);
  t.is(missing.headers.get('www-authenticate'), 'Bearer realm="http://127.0.0.1"');
  const bad = await postJson(`${gw.url}/credential`, { credential_configuration_id: 'NationalID', proofs: { jwt: ['p'] } }, 'bad');
  t.is(bad.status, 401);
  t.regex(bad.headers.get('www-authenticate') ?? '', /^Bearer realm="[^"]+", error="invalid_token"/);
  t.is(((await bad.json()) as { error: string }).error, 'invalid_token');
});

test('the nonce endpoint returns a c_nonce with no-store on both paths', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  for (const path of ['/nonce', '/v1/esignet/vci/nonce']) {
    const res = await fetch(gw.url + path, { method: 'POST' });
    t.is(res.status, 200);
    t.is(res.headers.get('cache-control'), 'no-store');
    t.deepEqual(await res.json(), { c_nonce: 'nonce-1', c_nonce_expires_in: 300 });
  }
});
