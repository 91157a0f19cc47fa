import test from "ava";
import { ConnectError } from "@connectrpc/connect";
import { decodeJwt } from "jose";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import type { SbiSimulatorHandle } from "../../src/sbi/index.js";
import { startSignet, type RegisteredClient, type SignetUnderTest } from "../helpers/signet.js";
import { clientAssertion } from "../helpers/assertion.js";
import { pkcePair } from "../helpers/pkce.js";
import { biometric, kioskCapture, pairedSimulator } from "./helpers.js";
import { encodeBiometricsChallenge } from "../../src/sbi/client/index.js";

const AISHA = { id: "8267411571", seed: "signet-mock-8267411571" };
const CAMILLE = { id: "5860356276", seed: "signet-mock-5860356276" };
const BIO = "mosip:idp:acr:biometrics";

let signet: SignetUnderTest;
let sim: SbiSimulatorHandle;
let rp: RegisteredClient;
test.before(async () => {
  signet = await startSignet();
  sim = await pairedSimulator(signet, AISHA.seed);
  rp = await signet.registerClient({ acrValues: [BIO, "mosip:idp:acr:generated-code"] });
});
test.after.always(async () => {
  await sim?.close();
  await signet?.stop();
});

async function openTransaction() {
  const pkce = pkcePair();
  const { transaction } = await signet.identity.authorize({
    clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid profile",
    codeChallenge: pkce.challenge, codeChallengeMethod: "S256", acrValues: BIO,
  });
  return { tx: transaction!, pkce };
}

function detailOf(err: unknown) {
  return ConnectError.from(err).findDetails(ErrorDetailSchema)[0];
}

test.serial("a kiosk logs a resident in by fingerprint over gRPC: capture from the device, Authenticate, IssueCode, ExchangeToken", async (t) => {
  const { tx, pkce } = await openTransaction();
  const params = tx.biometric!;
  t.regex(params.sbiTransactionId, /^[A-Za-z0-9]{10}$/);
  t.is(params.domainUri, new URL(signet.issuer).origin);
  const capture = await kioskCapture(sim.port, { ...params, timeoutMs: params.timeoutMs });
  const authed = await signet.identity.authenticate({ transactionId: tx.transactionId, csrfToken: tx.csrfToken, individualId: AISHA.id, challenges: [biometric(capture)] });
  const code = await signet.identity.issueCode({ transactionId: tx.transactionId, csrfToken: tx.csrfToken, acceptedClaims: authed.transaction!.claims.map((c) => c.name) });
  const tokens = await signet.identity.exchangeToken({
    grantType: "authorization_code", code: code.code, redirectUri: rp.redirectUri, codeVerifier: pkce.verifier,
    clientAssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", clientAssertion: await clientAssertion(rp, `${signet.issuer}/token`),
  });
  const id = decodeJwt(tokens.idToken);
  t.is(id.acr, BIO);
  t.deepEqual(id.amr, ["fpt"]);
});

test.serial("a capture replayed into another transaction is refused (transaction_id_mismatch) and that transaction stays unauthenticated", async (t) => {
  const first = await openTransaction();
  const capture = await kioskCapture(sim.port, first.tx.biometric!);
  const second = await openTransaction();
  const err = await t.throwsAsync(signet.identity.authenticate({ transactionId: second.tx.transactionId, csrfToken: second.tx.csrfToken, individualId: AISHA.id, challenges: [biometric(capture)] }));
  t.is(detailOf(err)?.error, "biometric_verification_failed");
  t.regex(detailOf(err)?.errorDescription ?? "", /transaction_id_mismatch/);
  t.is((await signet.runtime.storage.transactions.get(second.tx.transactionId))?.state, "created");
});

test.serial("a capture of another enrolled person is refused (auth_failed) and the transaction stays unauthenticated", async (t) => {
  const { tx } = await openTransaction();
  const capture = await kioskCapture(sim.port, tx.biometric!);
  const err = await t.throwsAsync(signet.identity.authenticate({ transactionId: tx.transactionId, csrfToken: tx.csrfToken, individualId: CAMILLE.id, challenges: [biometric(capture)] }));
  t.is(detailOf(err)?.error, "auth_failed");
  t.is((await signet.runtime.storage.transactions.get(tx.transactionId))?.state, "created");
});

for (const variant of ["base64url", "base64"] as const) {
  test.serial(`eSignet's BIO encoded-json challenge (${variant}) is accepted like the typed capture`, async (t) => {
    const { tx } = await openTransaction();
    const capture = await kioskCapture(sim.port, tx.biometric!);
    const challenge = encodeBiometricsChallenge(capture.biometrics, { variant });
    const authed = await signet.identity.authenticate({
      transactionId: tx.transactionId, csrfToken: tx.csrfToken, individualId: AISHA.id,
      challenges: [{ challenge: { case: "encoded", value: { authFactorType: "BIO", format: "encoded-json", challenge } } }],
    });
    t.is((await signet.runtime.storage.transactions.get(tx.transactionId))?.state, "authenticated");
    t.deepEqual((await signet.runtime.storage.transactions.get(tx.transactionId))?.amr, ["fpt"]);
    t.truthy(authed.transaction);
  });
}

test.serial("refused captures spend attempts like wrong PINs: the page learns how many remain, the last one ends the transaction, and each counts against the individual", async (t) => {
  const camille = () => signet.runtime.storage.individualLimits.get(signet.runtime.secrets.mac("individual", CAMILLE.id));
  const before = (await camille())?.failures ?? 0;
  const { tx } = await openTransaction();
  sim.setFault("wrongHash");
  t.teardown(() => sim.setFault(undefined));
  const attempt = async () => {
    const capture = await kioskCapture(sim.port, tx.biometric!);
    const err = await t.throwsAsync(signet.identity.authenticate({ transactionId: tx.transactionId, csrfToken: tx.csrfToken, individualId: CAMILLE.id, challenges: [biometric(capture)] }));
    return detailOf(err);
  };
  const first = await attempt();
  t.is(first?.error, "biometric_verification_failed");
  t.is(first?.attemptsRemaining, 2);
  t.is((await attempt())?.attemptsRemaining, 1);
  const last = await attempt();
  t.is(last?.error, "no_attempts_left");
  t.like(await camille(), { failures: before + 3, inFlight: 0 });
  const { tx: next } = await openTransaction();
  const again = await t.throwsAsync(signet.identity.authenticate({ transactionId: next.transactionId, csrfToken: next.csrfToken, individualId: CAMILLE.id, challenges: [biometric(await kioskCapture(sim.port, next.biometric!))] }));
  t.like(detailOf(again), { error: "biometric_verification_failed", attemptsRemaining: 2 }, "a new transaction has its own attempts");
  t.like(await camille(), { failures: before + 4 });
  await signet.admin.unlockIndividual({ individualId: CAMILLE.id });
});
