import test from 'ava';
import { html, jsonForScript, trusted } from '../../gateway/http/html.js';
import { parseParams } from '../../gateway/http/params.js';
import { formActionSource } from '../../gateway/http/page-headers.js';
import { bearerChallenge } from '../../gateway/errors/bearer-error.js';
import { errorRedirectUrl } from '../../gateway/errors/flow-error.js';
import { create } from '@bufbuild/protobuf';
import { ErrorDetailSchema } from '../../src/gen/signet/v1/error_pb.js';
import { ttlCache } from '../../gateway/metadata/ttl-cache.js';

test('html escapes every interpolation, renders arrays, and skips empty conditionals', (t) => {
  const evil = `"><script>alert('x')</script>&`;
  t.is(html`<p title="${evil}">${evil}</p>`.value, '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>');
  t.is(html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value, '<ul><li>a&lt;</li><li>b</li></ul>');
  t.is(html`${undefined}${null}${false}${0}${trusted('<br>')}`.value, '0<br>');
});

test('jsonForScript cannot close the script element', (t) => {
  const out = jsonForScript({ a: '</script><script>x()</script>', b: '\u2028&' }).value;
  t.false(out.includes('</script'));
  t.deepEqual(JSON.parse(out), { a: '</script><script>x()</script>', b: '\u2028&' });
});

test('parseParams refuses repeats, allows declared multi-valued names, drops empty values', (t) => {
  t.deepEqual(parseParams(new URLSearchParams('a=1&a=2')), { ok: false, duplicate: 'a' });
  const ok = parseParams(new URLSearchParams('a=1&a=&r=x&r=y&e='), ['r']);
  t.true(ok.ok);
  if (!ok.ok) return;
  t.is(ok.params.get('a'), '1');
  t.deepEqual(ok.params.all('r'), ['x', 'y']);
  t.false(ok.params.has('e'));
});

test('formActionSource allows the redirect origin or a native app scheme', (t) => {
  t.is(formActionSource('https://rp.example:8443/cb?x=1'), 'https://rp.example:8443');
  t.is(formActionSource('io.mosip.residentapp://oauth'), 'io.mosip.residentapp:');
  t.is(formActionSource('not a url'), undefined);
});

test('bearerChallenge replaces characters RFC 6750 forbids in the header', (t) => {
  t.is(bearerChallenge('r', 'invalid_token', 'bad "token" \\ é'), `Bearer realm="r", error="invalid_token", error_description="bad 'token' / ?"`);
});

test('ttlCache reuses a value for its max age, shares concurrent loads, and serves stale on failure', async (t) => {
  let clock = 0;
  let loads = 0;
  let fail = false;
  const get = ttlCache(async () => {
    loads++;
    if (fail) throw new Error('down');
    return { value: loads, maxAgeSeconds: 10 };
  }, () => clock);
  const [a, b] = await Promise.all([get(), get()]);
  t.deepEqual([a.value, b.value, loads], [1, 1, 1]);
  clock = 4_000;
  t.deepEqual(await get(), { value: 1, remainingSeconds: 6 });
  clock = 11_000;
  t.deepEqual(await get(), { value: 2, remainingSeconds: 10 });
  clock = 30_000;
  fail = true;
  t.deepEqual(await get(), { value: 2, remainingSeconds: 0 });
});

test('errorRedirectUrl adds error, description, state and iss, and refuses script schemes', (t) => {
  const detail = create(ErrorDetailSchema, { error: 'access_denied', errorDescription: 'no', redirectUri: 'https://rp.example/cb?x=1', state: 's', iss: 'https://id' });
  t.is(errorRedirectUrl(detail), 'https://rp.example/cb?x=1&error=access_denied&error_description=no&state=s&iss=https%3A%2F%2Fid');
  t.is(errorRedirectUrl({ ...detail, redirectUri: 'javascript:alert(1)//' }), undefined);
  t.is(errorRedirectUrl({ ...detail, redirectUri: '' }), undefined);
});

test('errorRedirectUrl refuses script schemes that the URL parser un-obfuscates (tabs, newlines)', (t) => {
  const detail = create(ErrorDetailSchema, { error: 'access_denied', redirectUri: 'https://rp.example/cb' });
  for (const redirectUri of ['java\tscript:alert(1)//', 'java\nscript:alert(1)//', 'da\rta:text/html,x', 'vb\tscript:x']) {
    t.is(errorRedirectUrl({ ...detail, redirectUri }), undefined, JSON.stringify(redirectUri));
  }
});
