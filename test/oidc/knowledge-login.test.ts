/**
 * Knowledge-based identification (eSignet KBI, ACR `mosip:idp:acr:knowledge`): the login
 * page offers a name and date-of-birth form only when the client's ACRs allow it; a
 * wrong answer costs an attempt like a wrong PIN; a right one logs in with `amr` `kba`.
 * Also over gRPC, typed and in eSignet's base64url-encoded-json shape.
 */
import test from "ava";
import { Code, ConnectError } from "@connectrpc/connect";
import { decodeJwt } from "jose";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { Browser, allowConsent, authorizeUrl, formFields, openLoginPage, redeem } from "./rp.js";

const KNOWLEDGE = "mosip:idp:acr:knowledge";
const AISHA = { id: "8267411571", name: "Aisha Rahman", birthdate: "1990-04-12" };

let signet: SignetUnderTest;
test.before(async () => {
  signet = await startSignet();
});
test.after.always(async () => {
  await signet?.stop();
});

test("the login page offers name and date of birth only to a client whose ACRs allow knowledge-based identification", async (t) => {
  const kbiClient = await signet.registerClient({ acrValues: [KNOWLEDGE, "mosip:idp:acr:static-code"] });
  const page = await openLoginPage(new Browser(), authorizeUrl(signet, kbiClient, { acr_values: undefined }).url);
  t.regex(page, /Log in with your name and date of birth/);
  t.regex(page, /<input type="date" id="kbi-birthdate-0" name="birthdate"/);
  t.truthy(formFields(page, "/login/kbi").csrf_token);

  const plain = await signet.registerClient();
  const other = await openLoginPage(new Browser(), authorizeUrl(signet, plain).url);
  t.notRegex(other, /name and date of birth/);
  t.notRegex(other, /\/login\/kbi/);
});

test("a wrong date of birth costs an attempt; the right name and date log in with acr knowledge and amr kba", async (t) => {
  const rp = await signet.registerClient({ acrValues: [KNOWLEDGE] });
  const auth = authorizeUrl(signet, rp, { acr_values: KNOWLEDGE });
  const browser = new Browser();
  const fields = formFields(await openLoginPage(browser, auth.url), "/login/kbi");
  const wrong = await browser.post(`${signet.issuer}/login/kbi`, { ...fields, individual_id: AISHA.id, name: AISHA.name, birthdate: "1990-04-13" });
  t.is(wrong.status, 400);
  t.regex(await wrong.text(), /do not match our records.*2 attempts left/s);
  const malformed = await browser.post(`${signet.issuer}/login/kbi`, { ...fields, individual_id: AISHA.id, name: AISHA.name, birthdate: "1990-02-30" });
  t.is(malformed.status, 400);
  t.regex(await malformed.text(), /a date of birth a real date\. 1 attempt left/);

  const ok = await browser.post(`${signet.issuer}/login/kbi`, { ...fields, individual_id: AISHA.id, name: "aisha  rahman", birthdate: AISHA.birthdate });
  t.is(ok.status, 200, "the consent page");
  const location = await allowConsent(browser, signet.issuer, await ok.text());
  const tokens = await redeem(signet, rp, new URL(location).searchParams.get("code")!, auth.verifier);
  t.is(tokens.status, 200);
  const idToken = decodeJwt(tokens.body.id_token!);
  t.is(idToken.acr, KNOWLEDGE);
  t.deepEqual(idToken.amr, ["kba"]);
});

test("over gRPC: typed and eSignet-encoded knowledge challenges, and a format error naming the rule", async (t) => {
  const rp = await signet.registerClient({ acrValues: [KNOWLEDGE] });
  const open = async () => {
    const q = new URL(authorizeUrl(signet, rp, { acr_values: KNOWLEDGE }).url).searchParams;
    const { transaction } = await signet.identity.authorize({
      clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid profile", state: "s", nonce: q.get("nonce")!,
      codeChallenge: q.get("code_challenge")!, codeChallengeMethod: "S256", acrValues: KNOWLEDGE,
    });
    return { transactionId: transaction!.transactionId, csrfToken: transaction!.csrfToken, individualId: AISHA.id };
  };
  const typed = await signet.identity.authenticate({ ...(await open()), challenges: [{ challenge: { case: "knowledge", value: { name: AISHA.name, birthdate: AISHA.birthdate } as never } }] });
  t.deepEqual(typed.transaction?.authFactorSets.map((s) => s.acr), [KNOWLEDGE]);

  const encoded = Buffer.from(JSON.stringify({ name: AISHA.name, birthdate: AISHA.birthdate })).toString("base64url");
  await t.notThrowsAsync(signet.identity.authenticate({
    ...(await open()),
    challenges: [{ challenge: { case: "encoded", value: { authFactorType: "KBI", format: "base64url-encoded-json", challenge: encoded } as never } }],
  }));

  const err = ConnectError.from(await t.throwsAsync(signet.identity.authenticate({
    ...(await open()),
    challenges: [{ challenge: { case: "knowledge", value: { name: "", birthdate: AISHA.birthdate } as never } }],
  })));
  t.is(err.code, Code.InvalidArgument);
  const [detail] = err.findDetails(ErrorDetailSchema);
  t.is(detail?.error, "invalid_challenge");
  t.is(detail?.field, "challenges");
  t.regex(detail?.errorDescription ?? "", /name is required/);
});
