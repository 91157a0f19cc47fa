/**
 * The polyglot proof: an identity system written in Python (test/polyglot/identity_system.py)
 * against stubs generated from proto/signet/v1/identity_system.proto, serving Signet's
 * contract in its own process. A resident logs in through Signet's pages with an OTP it
 * delivered, Signet releases the claims it returns, and its typed errors cost attempts
 * like Signet's own. Skipped (with the reason) only when python3 with grpcio and
 * grpcio-tools is missing and CI is not true; CI installs them (.ci/run).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { decodeJwt } from 'jose';
import { spawnSignet, type SignetProcess } from '../foundation/processes.js';
import { freePort, startSignet, type SignetUnderTest } from '../helpers/signet.js';
import { Browser, allowConsent, authorizeUrl, formFields, openLoginPage, redeem, userinfo } from '../oidc/rp.js';

const run = promisify(execFile);
const RESIDENT = { id: '4455667788', pin: '135790', otp: '246810' };

/** A python3 that has grpcio and grpcio-tools (Debian's first), or the reason there is none. */
function findPython(): string | { missing: string } {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import grpc, grpc_tools, google.protobuf'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return { missing: 'no python3 with grpcio and grpcio-tools (Debian: apt-get install python3-grpcio python3-grpc-tools)' };
}

const python = findPython();
if (typeof python !== 'string') {
  if (process.env.CI === 'true') throw new Error(`the polyglot test needs Python under CI=true: ${python.missing}`);
  test(`Python identity system (skipped: ${python.missing})`, (t) => t.pass());
} else {
  let dir: string;
  let server: SignetProcess;
  let signet: SignetUnderTest;
  test.before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'signet-polyglot-'));
    await run('bash', ['test/polyglot/generate-stubs.sh', dir, python], { timeout: 60_000 });
    const port = await freePort();
    server = await spawnSignet(python, ['test/polyglot/identity_system.py', dir, String(port)], { PATH: process.env.PATH }, /python identity system listening/);
    // The page shows where the code went (the masks the Python system chose) only when told to.
    signet = await startSignet({ overrides: { identity: { systemUrl: `http://127.0.0.1:${port}` }, login: { showMaskedContact: true } } });
  });
  test.after.always(async () => {
    await signet?.stop();
    server?.kill();
    await server?.exited;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a resident of the Python identity system logs in through Signet with an OTP it sent, and gets its claims', async (t) => {
    const rp = await signet.registerClient();
    const auth = authorizeUrl(signet, rp, { acr_values: 'mosip:idp:acr:generated-code' });
    const browser = new Browser();
    const send = formFields(await openLoginPage(browser, auth.url), '/login/otp/send');
    const sent = await browser.post(`${signet.issuer}/login/otp/send`, { ...send, individual_id: RESIDENT.id });
    t.is(sent.status, 200);
    const sentPage = await sent.text();
    t.regex(sentPage, /We sent a code to XXXXXXXX345678 and XXXXXXXXXXXXXexample\.net\./, 'the masks the Python system chose');
    const login = await browser.post(`${signet.issuer}/login/otp`, { ...formFields(sentPage, '/login/otp'), otp: RESIDENT.otp });
    t.is(login.status, 200);
    const location = await allowConsent(browser, signet.issuer, await login.text());
    const tokens = await redeem(signet, rp, new URL(location).searchParams.get('code')!, auth.verifier);
    t.is(tokens.status, 200);
    t.deepEqual(decodeJwt(tokens.body.id_token!).amr, ['otp']);
    const info = await userinfo(signet, tokens.body.access_token!);
    t.is(info.status, 200);
    const claims = decodeJwt(info.text);
    t.is(claims.name, 'Amara Okafor');
    t.is(claims.email, 'amara.okafor@example.net');
    t.is(claims.birthdate, '1988-11-03');
  });

  test('the Python system’s typed errors reach the resident as Signet’s: a wrong PIN costs an attempt, an unknown id is refused', async (t) => {
    const rp = await signet.registerClient({ acrValues: ['mosip:idp:acr:static-code'] });
    const browser = new Browser();
    const pin = formFields(await openLoginPage(browser, authorizeUrl(signet, rp, { acr_values: undefined }).url), '/login/pin');
    const wrong = await browser.post(`${signet.issuer}/login/pin`, { ...pin, individual_id: RESIDENT.id, pin: '000000' });
    t.is(wrong.status, 400);
    t.regex(await wrong.text(), /do not match our records.*2 attempts left/s);
    const unknown = await browser.post(`${signet.issuer}/login/pin`, { ...pin, individual_id: '1000000001', pin: RESIDENT.pin });
    t.is(unknown.status, 400);
    t.regex(await unknown.text(), /1 attempt left/);
    t.is((await signet.runtime.storage.transactions.get(pin.transaction_id!))?.authenticateCount, 2);
    const ok = await browser.post(`${signet.issuer}/login/pin`, { ...pin, individual_id: RESIDENT.id, pin: RESIDENT.pin });
    t.is(ok.status, 200, 'the consent page');
  });
}
