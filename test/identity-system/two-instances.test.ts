/**
 * Signet instances share nothing but storage and the identity system, so a resident's login
 * may hop between them, and a restart forgets nothing the mock identity system holds:
 * - two instances on one PostgreSQL behind one issuer URL, with the mock identity system as
 *   its own process (`signet mock-identity`) and with the mock embedded in each instance
 *   (its OTPs and KYC tokens in the shared PostgreSQL): the OTP is sent through one and
 *   entered on the other, and userinfo and a credential are served by the instance that
 *   did not do the login;
 * - one embedded instance on sqlite restarted between sending the OTP and entering it, and
 *   again before userinfo and the credential.
 * A small balancer in front plays the load balancer: the test says which instance gets
 * each request, and every helper talks to the one issuer URL.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import test, { type ExecutionContext } from 'ava';
import { decodeJwt } from 'jose';
import type { Database } from '../../src/storage/index.js';
import { databaseTargets } from '../helpers/databases.js';
import { startMockIdentityProcess, type MockIdentityProcess } from '../helpers/mock-identity-process.js';
import { freePort, startSignet, type SignetUnderTest } from '../helpers/signet.js';
import { Browser, allowConsent, authorizeUrl, formFields, openLoginPage, redeem, userinfo, INDIVIDUAL, OTP } from '../oidc/rp.js';
import { authorizeWallet, createWallet, firstCredential, obtainCredential } from '../vci/wallet.js';

const [sqlite, postgres] = await databaseTargets();

/** The issuer URL in front of the instances; `to` chooses the instance behind it. */
async function balancer() {
  const port = await freePort();
  const state: { to: SignetUnderTest | undefined } = { to: undefined };
  const server: Server = createServer((req, res) => {
    const upstream = request({ host: '127.0.0.1', port: state.to?.config.gateway.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (err) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer: `http://127.0.0.1:${port}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What instances of one deployment share besides storage: issuer, keys' wrapping key, cookie secret, pairwise salt. */
function deployment(issuer: string, systemUrl?: string) {
  return {
    issuer,
    keys: { keyEncryptionKey: randomBytes(32).toString('base64') },
    gateway: { cookieSecret: randomBytes(32).toString('base64url') },
    tokens: { pairwiseSalt: randomBytes(32).toString('base64url') },
    ...(systemUrl ? { identity: { systemUrl } } : {}),
  };
}

type Lb = Awaited<ReturnType<typeof balancer>>;

/** The balancer seen as a Signet (its issuer URL), for the RP and wallet helpers. */
const behind = (lb: Lb, instance: SignetUnderTest): SignetUnderTest => ({ ...instance, issuer: lb.issuer });

/**
 * The resident's journey, each step on the instance `on(step)` puts behind the balancer:
 * authorize and send the OTP; enter it (the login: KycAuth); consent and the code exchange;
 * userinfo; then a wallet's PIN login and its credential.
 */
async function journey(t: ExecutionContext, lb: Lb, on: (step: 'send' | 'login' | 'served') => Promise<SignetUnderTest>) {
  let signet = behind(lb, await on('send'));
  const rp = await signet.registerClient();
  const auth = authorizeUrl(signet, rp, { acr_values: 'mosip:idp:acr:generated-code' });
  const browser = new Browser();
  const send = formFields(await openLoginPage(browser, auth.url), '/login/otp/send');
  const sent = await browser.post(`${lb.issuer}/login/otp/send`, { ...send, individual_id: INDIVIDUAL.id });
  t.is(sent.status, 200);
  const otpForm = formFields(await sent.text(), '/login/otp');

  signet = behind(lb, await on('login'));
  const login = await browser.post(`${lb.issuer}/login/otp`, { ...otpForm, otp: OTP });
  t.is(login.status, 200, 'the OTP sent through the other instance is accepted');
  const stored = await signet.runtime.storage.transactions.get(send.transaction_id!);
  t.is(stored?.authenticateCount, 1, 'one attempt, the right one');
  const location = new URL(await allowConsent(browser, lb.issuer, await login.text()));
  const tokens = await redeem(signet, rp, location.searchParams.get('code')!, auth.verifier);
  t.is(tokens.status, 200, JSON.stringify(tokens.body));
  const wallet = await createWallet(signet);
  const { accessTokenResponse } = await authorizeWallet(signet, wallet, 'national_id_vc_jwt');

  signet = behind(lb, await on('served'));
  const info = await userinfo(signet, tokens.body.access_token!);
  t.is(info.status, 200, info.text);
  t.is(decodeJwt(info.text).name, 'Aisha Rahman');
  const { credentialResponse } = await obtainCredential(wallet, accessTokenResponse.access_token, 'NationalIdCredential_jwt_vc_json');
  const vc = decodeJwt(firstCredential(credentialResponse) as string).vc as { credentialSubject: Record<string, unknown> };
  t.is(vc.credentialSubject.given_name, 'Aisha');
}

/** Two live instances on one PostgreSQL schema, A (sends, serves) and B (logs in). */
async function twoInstances(t: ExecutionContext, systemUrl?: string) {
  const lb = await balancer();
  t.teardown(lb.close);
  const shared = deployment(lb.issuer, systemUrl);
  const dbA: Database = await postgres!.migrated();
  // One at a time: the first creates the signing keys, the second adopts them.
  const a = await startSignet({ db: dbA, overrides: shared });
  t.teardown(() => a.stop());
  const b = await startSignet({ db: await postgres!.another(dbA), overrides: shared });
  t.teardown(() => b.stop());
  await journey(t, lb, async (step) => {
    lb.state.to = step === 'login' ? b : a;
    return lb.state.to;
  });
}

let mock: MockIdentityProcess | undefined;
test.after.always(async () => {
  await mock?.stop();
  await sqlite!.dispose();
  await postgres!.dispose();
});

postgres!.test('two instances on one PostgreSQL, mock identity system as its own process: OTP sent via one, entered on the other; userinfo and a credential from the instance that did not log in', async (t) => {
  mock = await startMockIdentityProcess();
  await twoInstances(t, mock.url);
});

postgres!.test('two instances on one PostgreSQL, mock identity system embedded in each: its OTPs and KYC tokens are in the shared storage', async (t) => {
  await twoInstances(t);
});

test('an embedded instance on sqlite restarted after the OTP is sent and again after the login still logs in, and serves userinfo and the credential', async (t) => {
  const lb = await balancer();
  t.teardown(lb.close);
  const shared = deployment(lb.issuer);
  const first = await sqlite!.migrated();
  let current: SignetUnderTest | undefined;
  t.teardown(() => current?.stop());
  let restarts = 0;
  await journey(t, lb, async (step) => {
    if (current) {
      await current.stop();
      restarts++;
    }
    current = await startSignet({ db: step === 'send' ? first : await sqlite!.another(first), overrides: shared });
    lb.state.to = current;
    return current;
  });
  t.is(restarts, 2);
});
