import test from 'ava';
import { GOOD_ACCESS_TOKEN, USERINFO_JWT } from './fake-core.js';
import { get, postForm, startGateway } from './harness.js';

test('returns the core JWT as application/jwt on GET and POST, and on the alias', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  for (const path of ['/userinfo', '/v1/esignet/oidc/userinfo']) {
    const res = await get(gw.url + path, { authorization: `Bearer ${GOOD_ACCESS_TOKEN}` });
    t.is(res.status, 200);
    t.is(res.headers.get('content-type'), 'application/jwt');
    t.is(res.headers.get('cache-control'), 'no-store');
    t.is(await res.text(), USERINFO_JWT);
  }
  const posted = await postForm(`${gw.url}/userinfo`, { access_token: GOOD_ACCESS_TOKEN });
  t.is(posted.status, 200);
  t.is(await posted.text(), USERINFO_JWT);
});

test('no token: 401 with a bare Bearer challenge (RFC 6750 §3.1)', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const variants: Record<string, string>[] = [{}, { authorization: 'Basic cnAtMTpzZWNyZXQ=' }];
  for (const headers of variants) {
    const res = await get(`${gw.url}/userinfo`, headers);
    t.is(res.status, 401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    t.regex(challenge, /^Bearer realm="http:\/\/127\.0\.0\.1"$/);
    t.notRegex(challenge, /error=/);
  }
  t.deepEqual(gw.fake.calls, []);
});

test('a bad token: 401 invalid_token with the challenge', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const res = await get(`${gw.url}/userinfo`, { authorization: 'Bearer expired.token' });
  t.is(res.status, 401);
  t.is(
    res.headers.get('www-authenticate'),
    'Bearer realm="http://127.0.0.1", error="invalid_token", error_description="the access token is invalid or expired"',
  );
});

test('two token methods at once, a query token, or a malformed header: 400 invalid_request', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const both = await postForm(`${gw.url}/userinfo`, { access_token: GOOD_ACCESS_TOKEN }, { authorization: `Bearer ${GOOD_ACCESS_TOKEN}` });
  t.is(both.status, 400);
  t.regex(both.headers.get('www-authenticate') ?? '', /error="invalid_request"/);
  const query = await get(`${gw.url}/userinfo?access_token=${GOOD_ACCESS_TOKEN}`);
  t.is(query.status, 400);
  const malformed = await get(`${gw.url}/userinfo`, { authorization: 'Bearer a b' });
  t.is(malformed.status, 400);
  t.deepEqual(gw.fake.calls, []);
});
