import test from 'ava';
import { GOOD_CODE } from './fake-core.js';
import { postForm, startGateway } from './harness.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const goodRequest = {
  grant_type: 'authorization_code',
  code: GOOD_CODE,
  redirect_uri: 'https://rp.example/cb',
  code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  client_assertion_type: ASSERTION_TYPE,
  client_assertion: 'header.payload.signature',
};

function assertNoStore(t: { is: (a: unknown, b: unknown) => void }, res: Response): void {
  t.is(res.headers.get('cache-control'), 'no-store');
  t.is(res.headers.get('pragma'), 'no-cache');
}

test('issues tokens as JSON with no-store, omitting empty optional members', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  for (const path of ['/token', '/v1/esignet/oauth/v2/token']) {
    const res = await postForm(gw.url + path, goodRequest);
    t.is(res.status, 200);
    assertNoStore(t, res);
    t.deepEqual(await res.json(), { access_token: 'at.good.token', token_type: 'Bearer', expires_in: 3600, id_token: 'id.token.jwt' });
  }
  const sent = gw.fake.requests['exchangeToken']?.[0] as Record<string, unknown>;
  t.is(sent['codeVerifier'], goodRequest.code_verifier);
  t.is(sent['clientAssertionType'], ASSERTION_TYPE);
  t.is(sent['httpBasicAuthPresent'], false);
});

test('a credential token response carries c_nonce, scope and authorization_details as JSON', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const res = await postForm(`${gw.url}/token`, { ...goodRequest, code: 'vc-code' });
  t.is(res.status, 200);
  t.deepEqual(await res.json(), {
    access_token: 'at.good.token',
    token_type: 'Bearer',
    expires_in: 600,
    scope: 'national_id_vc',
    c_nonce: 'nonce-0',
    c_nonce_expires_in: 300,
    authorization_details: [{ type: 'openid_credential', credential_configuration_id: 'NationalID', credential_identifiers: ['nid-1'] }],
  });
});

test('invalid_client is 401 with a private_key_jwt challenge; a Basic header is reported to the core and challenged with Basic', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const noAssertion = await postForm(`${gw.url}/token`, { ...goodRequest, client_assertion: '' });
  t.is(noAssertion.status, 401);
  assertNoStore(t, noAssertion);
  t.is(noAssertion.headers.get('www-authenticate'), 'private_key_jwt realm="signet", error="invalid_client"');
  t.deepEqual(await noAssertion.json(), { error: 'invalid_client', error_description: 'client_assertion is required' });

  const basic = await postForm(`${gw.url}/token`, goodRequest, { authorization: `Basic ${Buffer.from('rp-1:secret').toString('base64')}` });
  t.is(basic.status, 401);
  t.regex(basic.headers.get('www-authenticate') ?? '', /^Basic realm=/);
  t.is((gw.fake.requests['exchangeToken']?.[1] as { httpBasicAuthPresent: boolean }).httpBasicAuthPresent, true);
});

test('invalid_grant and unsupported_grant_type are 400 JSON', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const grant = await postForm(`${gw.url}/token`, { ...goodRequest, code: 'used' });
  t.is(grant.status, 400);
  assertNoStore(t, grant);
  t.deepEqual(await grant.json(), { error: 'invalid_grant', error_description: 'the code is invalid or expired' });
  const type = await postForm(`${gw.url}/token`, { ...goodRequest, grant_type: 'password' });
  t.is(type.status, 400);
  t.is(((await type.json()) as { error: string }).error, 'unsupported_grant_type');
});

test('refuses JSON bodies and repeated parameters without calling the core', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const json = await fetch(`${gw.url}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(goodRequest) });
  t.is(json.status, 400);
  assertNoStore(t, json);
  t.is(((await json.json()) as { error: string }).error, 'invalid_request');
  const twice = await postForm(`${gw.url}/token`, [...Object.entries(goodRequest), ['code', 'other']]);
  t.is(twice.status, 400);
  t.deepEqual(await twice.json(), { error: 'invalid_request', error_description: 'parameter code was sent more than once' });
  const get = await fetch(`${gw.url}/token`);
  t.is(get.status, 405);
  t.is(get.headers.get('allow'), 'POST');
  t.deepEqual(gw.fake.calls, []);
});

test('an unexpected core failure is server_error with a fixed text', async (t) => {
  const gw = await startGateway({ broken: true });
  t.teardown(gw.close);
  const res = await postForm(`${gw.url}/token`, goodRequest);
  t.is(res.status, 500);
  assertNoStore(t, res);
  t.deepEqual(await res.json(), { error: 'server_error', error_description: 'The server could not complete the request.' });
});
