import test from 'ava';
import { GOOD_CODE, GOOD_OTP, GOOD_PIN, INDIVIDUAL_ID } from './fake-core.js';
import { authorizeUrl, cookieOf, get, hiddenValue, postForm, startGateway } from './harness.js';

/** Opens a transaction and returns what a browser would hold. */
async function openLogin(gw: Awaited<ReturnType<typeof startGateway>>) {
  const res = await get(authorizeUrl(gw.url));
  const page = await res.text();
  return {
    cookie: cookieOf(res),
    transaction_id: hiddenValue(page, 'transaction_id'),
    csrf_token: hiddenValue(page, 'csrf_token'),
  };
}

test('OTP login → consent → redirect to the client with code, state and iss', async (t) => {
  const gw = await startGateway({ consentRequired: true });
  t.teardown(gw.close);
  const b = await openLogin(gw);
  const ids = { transaction_id: b.transaction_id, csrf_token: b.csrf_token };

  const sent = await postForm(`${gw.url}/login/otp/send`, { ...ids, individual_id: INDIVIDUAL_ID }, { cookie: b.cookie });
  t.is(sent.status, 200);
  const otpPage = await sent.text();
  t.regex(otpPage, /We sent a code to \*{6}0123/);
  t.regex(otpPage, /name="otp"/);

  const login = await postForm(`${gw.url}/login/otp`, { ...ids, individual_id: INDIVIDUAL_ID, otp: GOOD_OTP }, { cookie: b.cookie });
  t.is(login.status, 200);
  const consentPage = await login.text();
  t.regex(consentPage, /Share your details/);
  t.regex(consentPage, /<input type="hidden" name="claim" value="name">/, 'essential claim is required');
  t.regex(consentPage, /type="checkbox" id="claim-0" name="claim" value="email" checked/);
  t.regex(consentPage, /name="scope" value="resident-service" checked/);
  t.regex(consentPage, /to send receipts/);

  // The user unticks the optional email claim.
  const allow = await postForm(
    `${gw.url}/consent`,
    [['transaction_id', b.transaction_id], ['csrf_token', b.csrf_token], ['claim', 'name'], ['scope', 'resident-service'], ['action', 'allow']],
    { cookie: b.cookie },
  );
  t.is(allow.status, 303);
  const location = new URL(allow.headers.get('location')!);
  t.is(location.searchParams.get('code'), GOOD_CODE);
  t.is(location.searchParams.get('state'), 'st-123');
  t.is(location.searchParams.get('iss'), 'https://id.example.test');
  t.regex(allow.headers.getSetCookie()[0] ?? '', /Max-Age=0/, 'binding cookie cleared');
  const issue = gw.fake.requests['issueCode']?.[0] as { acceptedClaims: string[]; permittedScopes: string[]; csrfToken: string };
  t.deepEqual(issue.acceptedClaims, ['name']);
  t.deepEqual(issue.permittedScopes, ['resident-service']);
  t.is(issue.csrfToken, b.csrf_token);
  t.deepEqual(gw.fake.calls, ['authorize', 'sendOtp', 'authenticate', 'issueCode'], 'the code page comes from SendOtp’s answer: no GetTransaction');

  const secrets = [GOOD_OTP, b.csrf_token, GOOD_CODE, INDIVIDUAL_ID];
  const logged = JSON.stringify(gw.logs);
  for (const secret of secrets) t.false(logged.includes(secret), `logs must not contain ${secret}`);
});

test('a core whose SendOtp answer has no transaction is asked for it: the code page is the same', async (t) => {
  const gw = await startGateway({ sendOtpWithoutTransaction: true });
  t.teardown(gw.close);
  const b = await openLogin(gw);
  const sent = await postForm(`${gw.url}/login/otp/send`, { transaction_id: b.transaction_id, csrf_token: b.csrf_token, individual_id: INDIVIDUAL_ID }, { cookie: b.cookie });
  t.is(sent.status, 200);
  const otpPage = await sent.text();
  t.regex(otpPage, /We sent a code to \*{6}0123/);
  t.regex(otpPage, /name="otp"/);
  t.regex(otpPage, /Health Portal/, 'the client named from the transaction');
  t.deepEqual(gw.fake.calls, ['authorize', 'sendOtp', 'getTransaction']);
});

test('PIN login without required consent issues the code at once', async (t) => {
  const gw = await startGateway({ consentRequired: false });
  t.teardown(gw.close);
  const b = await openLogin(gw);
  const res = await postForm(`${gw.url}/login/pin`, { transaction_id: b.transaction_id, csrf_token: b.csrf_token, individual_id: INDIVIDUAL_ID, pin: GOOD_PIN }, { cookie: b.cookie });
  t.is(res.status, 303);
  t.is(new URL(res.headers.get('location')!).searchParams.get('code'), GOOD_CODE);
  const auth = gw.fake.requests['authenticate']?.[0] as { challenges: { challenge: { case: string; value: string } }[] };
  t.deepEqual(auth.challenges.map((c) => c.challenge), [{ case: 'pin', value: GOOD_PIN }]);
});

test('a wrong PIN re-renders the page with the attempts left, then blocks', async (t) => {
  const gw = await startGateway({ attempts: 2 });
  t.teardown(gw.close);
  const b = await openLogin(gw);
  const form = { transaction_id: b.transaction_id, csrf_token: b.csrf_token, individual_id: INDIVIDUAL_ID, pin: '000000' };
  const first = await postForm(`${gw.url}/login/pin`, form, { cookie: b.cookie });
  t.is(first.status, 400);
  const page = await first.text();
  t.regex(page, /role="alert">The details you entered do not match our records\. Check them and try again\. 1 attempt left\./);
  t.regex(page, new RegExp(`name="individual_id" value="${INDIVIDUAL_ID}"`), 'individual id kept');
  const second = await postForm(`${gw.url}/login/pin`, form, { cookie: b.cookie });
  t.is(second.status, 429);
  const blocked = await second.text();
  t.regex(blocked, /Login blocked/);
  t.regex(blocked, /Too many attempts/);
  t.regex(blocked, /href="https:\/\/rp\.example\/cb\?error=no_attempts_left&amp;error_description=no\+attempts\+left&amp;state=st-123&amp;iss=/);
});

test('a form without the CSRF token is refused and the core is not called', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const b = await openLogin(gw);
  const before = gw.fake.calls.length;
  const res = await postForm(`${gw.url}/login/pin`, { transaction_id: b.transaction_id, individual_id: INDIVIDUAL_ID, pin: GOOD_PIN }, { cookie: b.cookie });
  t.is(res.status, 403);
  t.regex(await res.text(), /not valid here/);
  t.is(gw.fake.calls.length, before);
});

test('a form whose cookie is bound to another transaction is refused', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const victim = await openLogin(gw);
  const attacker = await openLogin(gw);
  const before = gw.fake.calls.length;
  const form = { transaction_id: victim.transaction_id, csrf_token: victim.csrf_token, individual_id: INDIVIDUAL_ID, pin: GOOD_PIN };
  const mismatched = await postForm(`${gw.url}/login/pin`, form, { cookie: attacker.cookie });
  t.is(mismatched.status, 403);
  const forged = await postForm(`${gw.url}/login/pin`, form, { cookie: `signet_txn=${victim.transaction_id}` });
  t.is(forged.status, 403, 'the cookie is not the transaction id');
  const value = `${Date.now()}.tag.${victim.transaction_id}.${victim.csrf_token}`;
  const named = await postForm(`${gw.url}/login/pin`, form, { cookie: `signet_txn_${victim.transaction_id!.slice(0, 22)}=${value}` });
  t.is(named.status, 403, 'its name is a keyed hash of the transaction id, which only the gateway can make');
  const none = await postForm(`${gw.url}/login/pin`, form);
  t.is(none.status, 403);
  t.is(gw.fake.calls.length, before);
});

test('declining consent redirects with access_denied', async (t) => {
  const gw = await startGateway({ consentRequired: true });
  t.teardown(gw.close);
  const b = await openLogin(gw);
  const ids = { transaction_id: b.transaction_id, csrf_token: b.csrf_token };
  await postForm(`${gw.url}/login/pin`, { ...ids, individual_id: INDIVIDUAL_ID, pin: GOOD_PIN }, { cookie: b.cookie });
  const res = await postForm(`${gw.url}/consent`, { ...ids, action: 'deny' }, { cookie: b.cookie });
  t.is(res.status, 303);
  const location = new URL(res.headers.get('location')!);
  t.is(location.searchParams.get('error'), 'access_denied');
  t.is(location.searchParams.get('state'), 'st-123');
  t.true(gw.fake.calls.includes('denyAuthorization'));
});

test('a field-level SendOtp error keeps the user on the page', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const b = await openLogin(gw);
  const res = await postForm(`${gw.url}/login/otp/send`, { transaction_id: b.transaction_id, csrf_token: b.csrf_token, individual_id: '12' }, { cookie: b.cookie });
  t.is(res.status, 400);
  const page = await res.text();
  t.regex(page, /Enter a valid ID number: letters and digits \(spaces and hyphens are ignored\)\./, 'the resident reads words chosen by the error code');
  t.notRegex(page, /individual_id must be/, 'never the developer text of error_description');
  t.regex(page, /<form method="post" action="\/login\/otp\/send">/, 'and gets the form back');
});

test('an oversized form is refused with 413', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const res = await postForm(`${gw.url}/login/pin`, { transaction_id: 'x', csrf_token: 'y', pin: 'z'.repeat(70 * 1024) });
  t.is(res.status, 413);
  t.deepEqual(gw.fake.calls, []);
});

test('a path prefix in the public URL prefixes form actions and is stripped from routes', async (t) => {
  const gw = await startGateway({ publicUrl: 'http://127.0.0.1/signet', consentRequired: false });
  t.teardown(gw.close);
  const res = await get(authorizeUrl(`${gw.url}/signet`));
  const page = await res.text();
  t.regex(page, /action="\/signet\/login\/pin"/);
  const form = { transaction_id: hiddenValue(page, 'transaction_id'), csrf_token: hiddenValue(page, 'csrf_token'), individual_id: INDIVIDUAL_ID, pin: GOOD_PIN };
  const login = await postForm(`${gw.url}/signet/login/pin`, form, { cookie: cookieOf(res) });
  t.is(login.status, 303);
});

test('a consent form without allow or deny is refused', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const b = await openLogin(gw);
  const res = await postForm(`${gw.url}/consent`, { transaction_id: b.transaction_id, csrf_token: b.csrf_token }, { cookie: b.cookie });
  t.is(res.status, 400);
  t.false(gw.fake.calls.includes('issueCode'));
});

test('an unknown transaction (expired) is shown on a page, not redirected', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const b = await openLogin(gw);
  gw.fake.txns.clear();
  const res = await postForm(`${gw.url}/login/pin`, { transaction_id: b.transaction_id, csrf_token: b.csrf_token, individual_id: INDIVIDUAL_ID, pin: GOOD_PIN }, { cookie: b.cookie });
  t.is(res.status, 400);
  t.is(res.headers.get('location'), null);
  t.regex(await res.text(), /This login has expired or was already completed/);
});

test('a malformed biometric capture reaches the core as a capture it refuses, never a server error', async (t) => {
  const gw = await startGateway({ attempts: 5 });
  t.teardown(gw.close);
  const b = await openLogin(gw);
  for (const capture of ['{"biometrics":[null]}', '{"biometrics":[1,"x"]}', '{"biometrics":[{"error":null}]}']) {
    const res = await postForm(`${gw.url}/login/biometric`, { transaction_id: b.transaction_id, csrf_token: b.csrf_token, individual_id: INDIVIDUAL_ID, capture }, { cookie: b.cookie });
    t.is(res.status, 400, capture);
    t.regex(await res.text(), /attempts? left/, capture);
  }
  t.is(gw.fake.calls.filter((c) => c === 'authenticate').length, 3);
});
