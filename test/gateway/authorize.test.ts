import test from 'ava';
import { authorizeUrl, get, postForm, startGateway } from './harness.js';

test('an error before the redirect URI is trusted is shown on a page, never redirected', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const res = await get(authorizeUrl(gw.url, { redirect_uri: 'https://evil.example/cb' }));
  t.is(res.status, 400);
  t.is(res.headers.get('location'), null);
  t.regex(res.headers.get('content-type') ?? '', /^text\/html/);
  const page = await res.text();
  t.regex(page, /role="alert">The application sent a request this service cannot complete\./, 'words for the resident');
  t.regex(page, /<code>invalid_request<\/code>/);
  t.notRegex(page, /redirect_uri is not registered/, "the relying party's description is not shown to the resident");
});

test('an error after the redirect URI is trusted redirects with error, description, state and iss', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const res = await get(authorizeUrl(gw.url, { response_type: 'token' }));
  t.is(res.status, 302);
  t.is(res.headers.get('cache-control'), 'no-store');
  const location = new URL(res.headers.get('location')!);
  t.is(location.origin + location.pathname, 'https://rp.example/cb');
  t.is(location.searchParams.get('error'), 'unsupported_response_type');
  t.is(location.searchParams.get('error_description'), 'response_type must be code');
  t.is(location.searchParams.get('state'), 'st-123');
  t.is(location.searchParams.get('iss'), 'https://id.example.test');
});

test('a repeated parameter is invalid_request on a page and never reaches the core', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const res = await get(`${authorizeUrl(gw.url)}&scope=openid`);
  t.is(res.status, 400);
  t.regex(await res.text(), /scope was sent more than once/);
  t.deepEqual(gw.fake.calls, []);
});

test('resource may repeat (RFC 8707) and empty parameters count as absent', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const res = await get(`${authorizeUrl(gw.url)}&resource=https://a.example&resource=https://b.example&prompt=&prompt=`);
  t.is(res.status, 200);
  const req = gw.fake.requests['authorize']?.[0] as { resource: string[]; prompt: string };
  t.deepEqual(req.resource, ['https://a.example', 'https://b.example']);
  t.is(req.prompt, '');
});

test('the login page carries security headers, a CSP nonce and the binding cookie', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const res = await get(authorizeUrl(gw.url));
  t.is(res.status, 200);
  const csp = res.headers.get('content-security-policy') ?? '';
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
  t.truthy(nonce);
  t.regex(csp, /frame-ancestors 'none'/);
  t.regex(csp, /form-action 'self' https:\/\/rp\.example/);
  t.is(res.headers.get('x-frame-options'), 'DENY');
  t.is(res.headers.get('referrer-policy'), 'no-referrer');
  t.is(res.headers.get('cache-control'), 'no-store');
  const cookie = res.headers.getSetCookie()[0] ?? '';
  t.regex(cookie, /^signet_txn_[\w-]{22}=\d+\.[\w-]+\.[\w-]+\.[\w-]+;/);
  t.regex(cookie, /HttpOnly/);
  t.regex(cookie, /SameSite=Lax/);
  t.notRegex(cookie, /Secure/, 'plain http public URL: no Secure');
  const page = await res.text();
  t.true(page.includes(`<script nonce="${nonce}">`));
  t.notRegex(page, /<script>(?!<)/, 'no inline script without the nonce');
  t.regex(page, /Health Portal/);
  t.regex(page, /action="\/login\/otp\/send"/);
  t.regex(page, /action="\/login\/pin"/);
  t.regex(page, /id="signet-biometric-mount"/);
  const params = /<script type="application\/json" id="signet-biometric-params">(.*?)<\/script>/s.exec(page)?.[1];
  t.is((JSON.parse(params!) as { sbiTransactionId: string }).sbiTransactionId, 'ABCDE12345');
});

test('POST /authorize reads the form body', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const params = Object.fromEntries(new URL(authorizeUrl(gw.url)).searchParams);
  const res = await postForm(`${gw.url}/authorize`, params);
  t.is(res.status, 200);
  t.is((gw.fake.requests['authorize']?.[0] as { clientId: string }).clientId, 'rp-1');
});

test('client names are escaped and localised by ui_locales', async (t) => {
  const gw = await startGateway({ clientName: '<img src=x onerror=alert(1)>' });
  t.teardown(gw.close);
  const page = await (await get(authorizeUrl(gw.url))).text();
  t.false(page.includes('<img src=x'));
  t.true(page.includes('&lt;img src=x onerror=alert(1)&gt;'));
  const french = await (await get(authorizeUrl(gw.url, { ui_locales: 'fr-FR en' }))).text();
  t.regex(french, /<strong lang="fr" dir="auto">Portail Santé<\/strong>/);
  t.regex(french, /<html lang="fr" dir="ltr">/, 'the page follows ui_locales too');
});

test('the cookie is Secure with the __Host- prefix behind an https public URL', async (t) => {
  const gw = await startGateway({ publicUrl: 'https://id.example.test' });
  t.teardown(gw.close);
  const cookie = (await get(authorizeUrl(gw.url))).headers.getSetCookie()[0] ?? '';
  t.regex(cookie, /^__Host-signet_txn_[\w-]{22}=/);
  t.regex(cookie, /Secure/);
  t.regex(cookie, /Path=\//);
});

test('unexpected core failures show a fixed text and log, never leak internals', async (t) => {
  const gw = await startGateway({ broken: true });
  t.teardown(gw.close);
  const res = await get(authorizeUrl(gw.url));
  t.is(res.status, 500);
  const page = await res.text();
  t.notRegex(page, /hunter2|pg:5432/);
  t.regex(page, /The server could not complete the request/);
  t.true(gw.logs.some((l) => l.level === 'error' && JSON.stringify(l.fields).includes('Authorize')));
});
