/**
 * Signet against the mock identity system running as its own process
 * (`signet mock-identity`), reached over gRPC at SIGNET_IDENTITY_SYSTEM_URL: a full OTP
 * login; the identity process dying (503, no attempt charged) and coming back with its
 * KYC tokens intact, because they live in its database, not its memory.
 */
import test from 'ava';
import { startMockIdentityProcess, type MockIdentityProcess } from '../helpers/mock-identity-process.js';
import { startSignet, type SignetUnderTest } from '../helpers/signet.js';
import { AISHA } from '../identity/helpers.js';
import { Browser, authorizeUrl, formFields, openLoginPage, redeem, userinfo, walkPages } from '../oidc/rp.js';

let mock: MockIdentityProcess;
let signet: SignetUnderTest;
test.before(async () => {
  mock = await startMockIdentityProcess();
  signet = await startSignet({ overrides: { identity: { systemUrl: mock.url } } });
});
test.after.always(async () => {
  await signet?.stop();
  await mock?.stop();
});

test.serial('an OTP login, token and userinfo through an identity system in another process', async (t) => {
  const rp = await signet.registerClient();
  const auth = authorizeUrl(signet, rp);
  const walked = await walkPages(signet.issuer, auth.url, { factor: 'otp' });
  const code = new URL(walked.location).searchParams.get('code')!;
  const tokens = await redeem(signet, rp, code, auth.verifier);
  t.is(tokens.status, 200);
  const info = await userinfo(signet, tokens.body.access_token!);
  t.is(info.status, 200);
  t.regex(Buffer.from(info.text.split('.')[1]!, 'base64url').toString(), /Aisha Rahman/);
  t.is((await signet.runtime.storage.transactions.get(walked.transactionId))?.state, 'exchanged');
});

test.serial('the identity process dies: 503 without an attempt; it restarts and the earlier login still reads its claims', async (t) => {
  const rp = await signet.registerClient();
  const auth = authorizeUrl(signet, rp);
  const walked = await walkPages(signet.issuer, auth.url, { factor: 'pin' });
  const tokens = await redeem(signet, rp, new URL(walked.location).searchParams.get('code')!, auth.verifier);

  await mock.kill();
  const browser = new Browser();
  const page = await openLoginPage(browser, authorizeUrl(signet, rp).url);
  const pin = formFields(page, '/login/pin');
  const down = await browser.post(`${signet.issuer}/login/pin`, { ...pin, individual_id: AISHA.individualId, pin: AISHA.pin });
  t.is(down.status, 503);
  t.is(down.headers.get('retry-after'), '5');
  t.is((await signet.runtime.storage.transactions.get(pin.transaction_id!))?.authenticateCount, 0);
  t.is((await userinfo(signet, tokens.body.access_token!)).status, 503);

  await mock.restart();
  const info = await userinfo(signet, tokens.body.access_token!);
  t.is(info.status, 200, 'the KYC token survived the identity process restart');
  const again = await browser.post(`${signet.issuer}/login/pin`, { ...pin, individual_id: AISHA.individualId, pin: AISHA.pin });
  t.true(again.status === 200 || again.status === 303);
});
