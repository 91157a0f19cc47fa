/**
 * A whole Signet whose identity system (reached over gRPC at SIGNET_IDENTITY_SYSTEM_URL)
 * is down, slower than the deadline, failing, or answering garbage: the login page answers 503 with
 * Retry-After (the same login, in the same transaction), gRPC answers UNAVAILABLE with
 * `temporarily_unavailable`, userinfo answers 503, and the resident is never charged an
 * attempt — not even past the attempt limit.
 */
import test from 'ava';
import { Code, ConnectError } from '@connectrpc/connect';
import { ErrorDetailSchema } from '../../src/gen/signet/v1/error_pb.js';
import { freePort, startSignet, type SignetUnderTest } from '../helpers/signet.js';
import { Browser, authorizeUrl, formFields, freshCode, openLoginPage, redeem, userinfo } from '../oidc/rp.js';
import { AISHA } from '../identity/helpers.js';
import { misbehaving, mockService, serveOverGrpc, type Behaviour } from './helpers.js';

let signet: SignetUnderTest;
let state: ReturnType<typeof misbehaving>['state'];
let stopIdentity: () => Promise<void>;
test.before(async () => {
  const bad = misbehaving(mockService().impl);
  state = bad.state;
  const served = await serveOverGrpc(bad.impl);
  stopIdentity = served.stop;
  signet = await startSignet({ overrides: { identity: { systemUrl: served.url, timeoutMs: 1500, retries: 1 } } });
});
test.after.always(async () => {
  await signet?.stop();
  await stopIdentity?.();
});

const behaviours: Behaviour[] = ['unavailable', 'slow', 'internal', 'unlisted', 'garbage'];

test.serial('login pages: each failure gives a 503 login page with Retry-After, and six tries past the limit of three cost nothing', async (t) => {
  const rp = await signet.registerClient();
  const browser = new Browser();
  const page = await openLoginPage(browser, authorizeUrl(signet, rp).url);
  const send = formFields(page, '/login/otp/send');
  const pin = formFields(page, '/login/pin');
  for (const behaviour of [...behaviours, 'unavailable' as const]) {
    state.behaviour = behaviour;
    const sent = await browser.post(`${signet.issuer}/login/otp/send`, { ...send, individual_id: AISHA.individualId });
    t.is(sent.status, 503, `SendOtp, ${behaviour}`);
    t.is(sent.headers.get('retry-after'), '5');
    const sentPage = await sent.text();
    t.regex(sentPage, /busy or unavailable\. Try again in a moment\./);
    t.regex(sentPage, /<form method="post" action="\/login\/otp\/send">/, 'the login page again, in the same transaction');
    const login = await browser.post(`${signet.issuer}/login/pin`, { ...pin, individual_id: AISHA.individualId, pin: AISHA.pin });
    t.is(login.status, 503, `Authenticate, ${behaviour}`);
    const text = await login.text();
    t.regex(text, /busy or unavailable\. Try again in a moment\./);
    t.notRegex(text, /attempts? left/);
  }
  const tx = await signet.runtime.storage.transactions.get(send.transaction_id!);
  t.is(tx?.sendOtpCount, 0);
  t.is(tx?.authenticateCount, 0);
  const limits = await signet.runtime.db('individual_limits').select('failures', 'locked_until');
  t.true(limits.every((r: { failures: number; locked_until: number | null }) => Number(r.failures) === 0 && r.locked_until === null), 'no failure remembered, nobody locked');

  // Back up: the same transaction logs in, every attempt still available.
  state.behaviour = 'ok';
  const ok = await browser.post(`${signet.issuer}/login/pin`, { ...pin, individual_id: AISHA.individualId, pin: AISHA.pin });
  t.true(ok.status === 200 || ok.status === 303, `logged in (${ok.status})`);
  t.is((await signet.runtime.storage.transactions.get(send.transaction_id!))?.state, 'authenticated');
});

test.serial('gRPC: for each failure SendOtp and Authenticate answer UNAVAILABLE with temporarily_unavailable and no attempts_remaining', async (t) => {
  const rp = await signet.registerClient();
  const { url } = authorizeUrl(signet, rp);
  const q = new URL(url).searchParams;
  const { transaction } = await signet.identity.authorize({
    clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: 'code', scope: q.get('scope')!, state: 's', nonce: q.get('nonce')!,
    codeChallenge: q.get('code_challenge')!, codeChallengeMethod: 'S256', acrValues: q.get('acr_values')!,
  });
  const ids = { transactionId: transaction!.transactionId, csrfToken: transaction!.csrfToken };
  for (const behaviour of behaviours) {
    state.behaviour = behaviour;
    for (const call of [
      () => signet.identity.sendOtp({ ...ids, individualId: AISHA.individualId }),
      () => signet.identity.authenticate({ ...ids, individualId: AISHA.individualId, challenges: [{ challenge: { case: 'pin', value: AISHA.pin } }] }),
    ]) {
      const err = ConnectError.from(await t.throwsAsync(call()));
      t.is(err.code, Code.Unavailable, behaviour);
      const [detail] = err.findDetails(ErrorDetailSchema);
      t.is(detail?.error, 'temporarily_unavailable', behaviour);
      t.is(detail?.attemptsRemaining, undefined);
    }
  }
  const tx = await signet.runtime.storage.transactions.get(ids.transactionId);
  t.is(tx?.sendOtpCount, 0);
  t.is(tx?.authenticateCount, 0);
  state.behaviour = 'ok';
});

test.serial('userinfo answers 503 temporarily_unavailable with Retry-After while the identity system fails, and the claims once it is back', async (t) => {
  state.behaviour = 'ok';
  const rp = await signet.registerClient();
  const { code, verifier } = await freshCode(signet, rp);
  const tokens = await redeem(signet, rp, code, verifier);
  t.is(tokens.status, 200);
  for (const behaviour of behaviours) {
    state.behaviour = behaviour;
    const res = await userinfo(signet, tokens.body.access_token!);
    t.is(res.status, 503, behaviour);
    t.is(res.headers.get('retry-after'), '5');
    t.is(res.headers.get('www-authenticate'), null, 'not the token’s fault');
    t.is(JSON.parse(res.text).error, 'temporarily_unavailable');
  }
  state.behaviour = 'ok';
  const res = await userinfo(signet, tokens.body.access_token!);
  t.is(res.status, 200);
});

test('an identity system that is down (nothing listens): the 503 login page and gRPC UNAVAILABLE, no attempt charged', async (t) => {
  const down = await startSignet({ overrides: { identity: { systemUrl: `http://127.0.0.1:${await freePort()}`, timeoutMs: 1500, retries: 1 } } });
  t.teardown(() => down.stop());
  const rp = await down.registerClient();
  const browser = new Browser();
  const pin = formFields(await openLoginPage(browser, authorizeUrl(down, rp).url), '/login/pin');
  const page = await browser.post(`${down.issuer}/login/pin`, { ...pin, individual_id: AISHA.individualId, pin: AISHA.pin });
  t.is(page.status, 503);
  t.is(page.headers.get('retry-after'), '5');
  t.regex(await page.text(), /busy or unavailable\. Try again in a moment\./);
  const err = ConnectError.from(await t.throwsAsync(down.identity.authenticate({
    transactionId: pin.transaction_id!, csrfToken: pin.csrf_token!, individualId: AISHA.individualId, challenges: [{ challenge: { case: 'pin', value: AISHA.pin } }],
  })));
  t.is(err.code, Code.Unavailable);
  t.is(err.findDetails(ErrorDetailSchema)[0]?.error, 'temporarily_unavailable');
  t.is((await down.runtime.storage.transactions.get(pin.transaction_id!))?.authenticateCount, 0);
});
