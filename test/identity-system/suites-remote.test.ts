/**
 * The end-to-end suites again, with the bundled mock identity system in its own process
 * (`signet mock-identity`, reached over gRPC at SIGNET_IDENTITY_SYSTEM_URL) instead of in
 * process: openid-client (OTP, PIN, signed and encrypted userinfo, pairwise subjects),
 * headless Chromium, the OpenID4VCI library wallet (each credential format) and the SBI
 * biometric login in the browser. Their in-process runs are the suites' own files. One mock
 * process serves every suite of this file, so the run costs one process start.
 */
import { join } from 'node:path';
import test from 'ava';
import { closeDatabase, openDatabase, type Database } from '../../src/storage/index.js';
import { browserLoginsSuite } from '../browser/logins-suite.js';
import { startMockIdentityProcess, type MockIdentityProcess } from '../helpers/mock-identity-process.js';
import { startSignet } from '../helpers/signet.js';
import { Browser, INDIVIDUAL, authorizeUrl, formFields, openLoginPage } from '../oidc/rp.js';
import { openIdClientSuite } from '../oidc/openid-client-suite.js';
import { walletSuite } from '../vci/wallet-issuance-suite.js';

let started: Promise<MockIdentityProcess> | undefined;
/** The one mock process of this file, started by the first suite that needs it. */
const mockProcess = () => (started ??= startMockIdentityProcess());

/** Signet whose identity system is the mock process (its own storage, its own process). */
async function startRemote(overrides: Record<string, unknown> = {}) {
  const mock = await mockProcess();
  return startSignet({ overrides: { ...overrides, identity: { systemUrl: mock.url } } });
}

const otpRows = async (db: Database) => Number(((await db('mock_identity_otps').count({ n: '*' }).first()) as { n: number | string }).n);

test.after.always(async () => {
  await (await started)?.stop();
});

test('an OTP sent through Signet under these suites is held by the mock process, not by Signet', async (t) => {
  const [signet, mock] = [await startRemote(), await mockProcess()];
  t.teardown(() => signet.stop());
  const rp = await signet.registerClient();
  const browser = new Browser();
  const send = formFields(await openLoginPage(browser, authorizeUrl(signet, rp).url), '/login/otp/send');
  t.is((await browser.post(`${signet.issuer}/login/otp/send`, { ...send, individual_id: INDIVIDUAL.id })).status, 200);
  t.is(await otpRows(signet.runtime.db), 0, "Signet's own storage holds no mock OTP");
  const mockDb = openDatabase({ sqliteFile: join(mock.dataDir, 'signet.db') });
  t.teardown(() => closeDatabase(mockDb));
  t.true((await otpRows(mockDb)) >= 1, "the mock process's storage holds the sent OTP");
});

openIdClientSuite(() => startRemote());
walletSuite(() => startRemote(), { issuanceOnly: true });
browserLoginsSuite((overrides) => startRemote(overrides), { identityOnly: true });
