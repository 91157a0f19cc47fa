/**
 * The browser binding holds one cookie per login transaction: a second tab, or another site
 * sending the browser to /authorize, opens a login of its own without breaking one already
 * open; reloading the login page shows the same login again (no nonce replay); the binding
 * cookies stay few. Over HTTP with a cookie-keeping client here; the same in headless Chromium
 * in test/browser/logins.test.ts.
 */
import test from "ava";
import { startSignet, type RegisteredClient, type SignetUnderTest } from "../helpers/signet.js";
import { Browser, INDIVIDUAL, authorizeUrl, formFields, openLoginPage } from "../oidc/rp.js";

let signet: SignetUnderTest;
let rp: RegisteredClient;
let other: RegisteredClient;
test.before(async () => {
  signet = await startSignet();
  rp = await signet.registerClient({ acrValues: ["mosip:idp:acr:static-code"] });
  other = await signet.registerClient({ acrValues: ["mosip:idp:acr:static-code"], redirectUri: "https://other.example.org/cb" });
});
test.after.always(async () => {
  await signet?.stop();
});

const pinUrl = (client: RegisteredClient) => authorizeUrl(signet, client, { acr_values: "mosip:idp:acr:static-code", scope: "openid" });

/** Logs in with the PIN on a login page already open in `browser`: the response (a 303 to the client when no consent is asked). */
async function pinLogin(browser: Browser, page: string) {
  const fields = formFields(page, "/login/pin");
  return browser.post(`${signet.issuer}/login/pin`, { ...fields, individual_id: INDIVIDUAL.id, pin: INDIVIDUAL.pin });
}

test("two logins open in one browser (two tabs) both complete, in either order", async (t) => {
  const browser = new Browser();
  const first = await openLoginPage(browser, pinUrl(rp).url);
  const second = await openLoginPage(browser, pinUrl(rp).url);
  t.not(formFields(first, "/login/pin").transaction_id, formFields(second, "/login/pin").transaction_id);
  const done2 = await pinLogin(browser, second);
  t.is(done2.status, 303);
  t.regex(done2.headers.get("location")!, /^https:\/\/rp\.example\.org\/callback\?code=/);
  const done1 = await pinLogin(browser, first);
  t.is(done1.status, 303, "the first tab's login still works");
  t.regex(done1.headers.get("location")!, /^https:\/\/rp\.example\.org\/callback\?code=/);
});

test("another site sending the browser to /authorize does not break the login already open", async (t) => {
  const browser = new Browser();
  const open = await openLoginPage(browser, pinUrl(rp).url);
  // A top-level navigation from another site: SameSite=Lax cookies go with it, as here.
  const crossSite = await browser.get(pinUrl(other).url);
  t.is(crossSite.status, 200);
  const done = await pinLogin(browser, open);
  t.is(done.status, 303);
  t.regex(done.headers.get("location")!, /^https:\/\/rp\.example\.org\/callback\?code=/);
});

test("reloading the login page shows the same login (its nonce is not replayed) and the login then completes", async (t) => {
  const browser = new Browser();
  const url = pinUrl(rp).url;
  const page = await openLoginPage(browser, url);
  const reloaded = await openLoginPage(browser, url);
  const [a, b] = [formFields(page, "/login/pin"), formFields(reloaded, "/login/pin")];
  t.is(b.transaction_id, a.transaction_id, "the same transaction");
  t.is(b.csrf_token, a.csrf_token);
  const done = await pinLogin(browser, reloaded);
  t.is(done.status, 303);
  // Once the login is over, the same request is what it is: a replayed nonce, sent back to the client.
  const replay = await browser.get(url);
  t.is(replay.status, 302);
  t.regex(replay.headers.get("location")!, /error=invalid_request&error_description=nonce%3A\+has\+already\+been\+used/);
});

test("the same authorization URL in another browser is another login: a binding is never shared", async (t) => {
  const url = pinUrl(rp).url;
  const mine = new Browser();
  const page = await openLoginPage(mine, url);
  const theirs = await new Browser().get(url);
  t.is(theirs.status, 302, "the nonce was used by the first browser's login");
  const done = await pinLogin(mine, page);
  t.is(done.status, 303);
});

test("at most 8 logins stay bound in one browser: the oldest binding goes, the newer ones still work", async (t) => {
  const browser = new Browser();
  const pages: string[] = [];
  for (let i = 0; i < 8; i++) pages.push(await openLoginPage(browser, pinUrl(rp).url));
  const ninth = await browser.get(pinUrl(rp).url);
  const set = ninth.headers.getSetCookie();
  t.is(set.length, 2, "the new binding, and the oldest one expired");
  t.regex(set[1]!, /^signet_txn_[\w-]{22}=; Max-Age=0;/);
  pages.push(await ninth.text());
  const oldest = await pinLogin(browser, pages[0]!);
  t.is(oldest.status, 403, "the first binding was dropped");
  for (const page of pages.slice(1)) t.is((await pinLogin(browser, page)).status, 303);
});
