import test from "ava";
import { startSignet } from "../helpers/signet.js";
import { pkcePair } from "../helpers/pkce.js";

test("when the code cannot be stored, IssueCode fails and the transaction is authenticated again, so the user can retry", async (t) => {
  const signet = await startSignet();
  t.teardown(() => signet.stop());
  const rp = await signet.registerClient();
  const { transaction: tx } = await signet.identity.authorize({
    clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid",
    codeChallenge: pkcePair().challenge, codeChallengeMethod: "S256", acrValues: "mosip:idp:acr:static-code",
  });
  await signet.identity.authenticate({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, individualId: "8267411571", challenges: [{ challenge: { case: "pin", value: "545411" } }] });

  const codes = signet.runtime.storage.authorizationCodes;
  const insert = codes.insert.bind(codes);
  let failNext = true;
  (codes as { insert: typeof insert }).insert = async (...args) => {
    if (failNext) {
      failNext = false;
      throw new Error("disk full");
    }
    return insert(...args);
  };
  await t.throwsAsync(signet.identity.issueCode({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken }));
  t.is((await signet.runtime.storage.transactions.get(tx!.transactionId))?.state, "authenticated");

  const retry = await signet.identity.issueCode({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken });
  t.truthy(retry.code);
  t.is((await signet.runtime.storage.transactions.get(tx!.transactionId))?.state, "code_issued");
});

test("when the consent cannot be stored, IssueCode fails and the transaction is authenticated again, so the user can retry", async (t) => {
  const signet = await startSignet();
  t.teardown(() => signet.stop());
  const rp = await signet.registerClient();
  const { transaction: tx } = await signet.identity.authorize({
    clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid email",
    codeChallenge: pkcePair().challenge, codeChallengeMethod: "S256", acrValues: "mosip:idp:acr:static-code",
  });
  const authed = await signet.identity.authenticate({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, individualId: "8267411571", challenges: [{ challenge: { case: "pin", value: "545411" } }] });
  t.true(authed.transaction?.consentRequired, "the consent page is needed, so IssueCode stores a consent");

  const consents = signet.runtime.storage.consents;
  const upsert = consents.upsert.bind(consents);
  let failNext = true;
  (consents as { upsert: typeof upsert }).upsert = async (...args) => {
    if (failNext) {
      failNext = false;
      throw new Error("disk full");
    }
    return upsert(...args);
  };
  await t.throwsAsync(signet.identity.issueCode({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, acceptedClaims: ["email"] }));
  t.is((await signet.runtime.storage.transactions.get(tx!.transactionId))?.state, "authenticated", "not stuck in code_issued without a code");

  const retry = await signet.identity.issueCode({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, acceptedClaims: ["email"] });
  t.truthy(retry.code);
  t.is((await signet.runtime.storage.transactions.get(tx!.transactionId))?.state, "code_issued");
});
