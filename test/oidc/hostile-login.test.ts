/**
 * Hostile use of the login pages, over real HTTP against a whole Signet: guessing OTPs
 * until the transaction is spent, and posting a login form without its CSRF token.
 */
import test from "ava";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { Browser, authorizeUrl, formFields, openLoginPage } from "./rp.js";

let signet: SignetUnderTest;
test.before(async () => {
  signet = await startSignet();
});
test.after.always(async () => {
  await signet?.stop();
});

/** The third seeded person: only the brute-force test uses them. */
const VICTIM = "2147306859";

test("three wrong OTPs spend the transaction's attempts with no_attempts_left; the individual's failures are counted, not blocked by the transaction", async (t) => {
  const rp = await signet.registerClient({ acrValues: ["mosip:idp:acr:generated-code"] });
  const browser = new Browser();
  const page = await openLoginPage(browser, authorizeUrl(signet, rp).url);
  const send = formFields(page, "/login/otp/send");
  const sent = await browser.post(`${signet.issuer}/login/otp/send`, { ...send, individual_id: VICTIM });
  t.is(sent.status, 200);
  const login = formFields(await sent.text(), "/login/otp");

  const wrong = () => browser.post(`${signet.issuer}/login/otp`, { ...login, otp: "000000" });
  const first = await wrong();
  t.is(first.status, 400);
  t.regex(await first.text(), /do not match our records\. Check them and try again\. 2 attempts left\./);
  const second = await wrong();
  t.is(second.status, 400);
  t.regex(await second.text(), /1 attempt left\./);

  const third = await wrong();
  t.is(third.status, 429, "the last attempt ends the login");
  const blockedPage = await third.text();
  t.regex(blockedPage, /Login blocked/);
  t.regex(blockedPage, /<code>no_attempts_left<\/code>/);
  t.is(third.headers.get("location"), null, "the blocked page is shown, not an automatic redirect");
  t.regex(blockedPage, /href="https:\/\/rp\.example\.org\/callback\?error=no_attempts_left&amp;[^"]*state=st-/, "with a way back to the client carrying the error");

  const tx = await signet.runtime.storage.transactions.get(send.transaction_id!);
  t.is(tx?.authenticateCount, 3);
  t.is(tx?.state, "created", "no login happened");
  const record = await signet.runtime.storage.individualLimits.get(signet.runtime.secrets.mac("individual", VICTIM));
  t.like(record, { failures: 3, inFlight: 0, lockedUntil: null }, "the individual's failures are counted across transactions (by keyed hash)");
  t.is(await signet.runtime.db("individual_limits").where({ individual_hash: VICTIM }).first(), undefined, "never under the id itself");

  // A new transaction is a new login: the per-individual limits, not this transaction, decide.
  const other = new Browser();
  const again = formFields(await openLoginPage(other, authorizeUrl(signet, rp).url), "/login/otp/send");
  const resent = await other.post(`${signet.issuer}/login/otp/send`, { ...again, individual_id: VICTIM });
  t.is(resent.status, 200);
  t.is((await signet.runtime.storage.transactions.get(again.transaction_id!))?.sendOtpCount, 1);
});

test("a login form without its CSRF token is refused with 403 before the core is called", async (t) => {
  const rp = await signet.registerClient();
  const browser = new Browser();
  const page = await openLoginPage(browser, authorizeUrl(signet, rp).url);
  const { transaction_id: transactionId } = formFields(page, "/login/pin");
  const before = await signet.runtime.storage.transactions.get(transactionId!);

  const pin = await browser.post(`${signet.issuer}/login/pin`, { transaction_id: transactionId!, individual_id: "8267411571", pin: "545411" });
  t.is(pin.status, 403);
  t.regex(await pin.text(), /<code>invalid_transaction<\/code>/);
  const otp = await browser.post(`${signet.issuer}/login/otp/send`, { transaction_id: transactionId!, individual_id: "8267411571" });
  t.is(otp.status, 403);

  const after = await signet.runtime.storage.transactions.get(transactionId!);
  t.is(after?.authenticateCount, 0, "Authenticate was not called");
  t.is(after?.sendOtpCount, 0, "SendOtp was not called");
  t.is(after?.state, "created");
  t.is(after?.version, before?.version, "the transaction row is untouched");
});

test("a blank individual id keeps the resident on the login page (the core says they can fix it), with no attempt spent", async (t) => {
  const rp = await signet.registerClient({ acrValues: ["mosip:idp:acr:static-code"] });
  const browser = new Browser();
  const page = await openLoginPage(browser, authorizeUrl(signet, rp).url);
  const pin = formFields(page, "/login/pin");
  const res = await browser.post(`${signet.issuer}/login/pin`, { ...pin, individual_id: "   ", pin: "545411" });
  t.is(res.status, 400);
  const again = await res.text();
  t.regex(again, /role="alert">Enter a valid ID number: /);
  t.notThrows(() => formFields(again, "/login/pin"), "the login form is shown again, not a dead-end page");
  t.notRegex(again, /individual_id: /, "the relying party's description is not shown");
  t.is((await signet.runtime.storage.transactions.get(pin.transaction_id!))?.authenticateCount, 0);
});
