/**
 * The per-individual guessing limits as a resident meets them on the gateway's pages, on
 * sqlite and PostgreSQL: a throttled login gets the form back with "try again in N" and
 * `Retry-After`, a locked ID a "Login blocked" page, an OTP flood the send form with the wait —
 * and none of these refusals changes what is stored.
 */
import { Browser, authorizeUrl, formFields, openLoginPage } from "../oidc/rp.js";
import { databaseTargets } from "../helpers/databases.js";
import { startHarness, turns, wrongPin, type Harness } from "./harness.js";

const targets = await databaseTargets();
for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  let h: Harness;
  test.before(async () => {
    h = await startHarness(target, { lockAfterFailures: 8, lockSeconds: 3600 });
  });
  test.after.always(async () => {
    await h?.stop();
    await target.dispose();
  });
  const name = (s: string) => `${target.name}: ${s}`;
  const inTurn = turns();

  /** A fresh login page in a fresh browser, with the fields of the form posting to `action`. */
  async function loginForm(action: string) {
    const browser = new Browser();
    const page = await openLoginPage(browser, authorizeUrl(h.signet, h.rp).url);
    return { browser, fields: formFields(page, action) };
  }

  async function pagePin(individualId: string, pin: string) {
    const { browser, fields } = await loginForm("/login/pin");
    const res = await browser.post(`${h.signet.issuer}/login/pin`, { ...fields, individual_id: individualId, pin });
    return { res, html: await res.text(), transactionId: fields.transaction_id! };
  }

  test(name("a throttled PIN login gets the form back with 429, Retry-After and \"try again in 1 second\", spending nothing"), inTurn(async (t) => {
    const p = h.person();
    for (let i = 0; i < 5; i++) t.is((await pagePin(p.id, wrongPin(p))).res.status, 400);
    const before = await h.record(p.id);
    const throttled = await pagePin(p.id, wrongPin(p));
    t.is(throttled.res.status, 429);
    t.is(throttled.res.headers.get("retry-after"), "1");
    t.regex(throttled.html, /Too many attempts for this ID\. For your security, try again in 1 second\./);
    t.regex(throttled.html, /action="\/login\/pin"/, "the form is there to try again");
    t.notRegex(throttled.html, /too_early_attempt|try again in 1 s\b/, "no developer text");
    t.deepEqual(await h.record(p.id), before);
    t.is((await h.signet.runtime.storage.transactions.get(throttled.transactionId))?.authenticateCount, 0);
  }));

  test(name("a locked ID gets the \"Login blocked\" page with the wait and a way back to the application"), inTurn(async (t) => {
    const p = h.person();
    for (const wait of [0, 0, 0, 0, 0, 1, 2, 4]) {
      h.advance(wait * 1000);
      await h.pinLogin(p.id, wrongPin(p));
    }
    const locked = await h.record(p.id);
    t.is(locked?.lockedUntil, h.now() + 3600 * 1000);
    h.advance(600_000);
    const page = await pagePin(p.id, p.pin);
    t.is(page.res.status, 429);
    t.is(page.res.headers.get("retry-after"), "3000");
    t.regex(page.html, /Login blocked/);
    t.regex(page.html, /This ID is locked after too many failed attempts\. Try again in 50 minutes, or contact the registration authority\./);
    t.regex(page.html, /<code>individual_id_blocked<\/code>/);
    t.regex(page.html, /href="https:\/\/rp\.example\.org\/callback\?error=individual_id_blocked&amp;/);
    t.deepEqual(await h.record(p.id), locked);
  }));

  test(name("an OTP flood from fresh logins gets the send form back with the wait after 3 codes in 10 minutes"), inTurn(async (t) => {
    const p = h.person();
    for (let i = 0; i < 3; i++) {
      const { browser, fields } = await loginForm("/login/otp/send");
      const sent = await browser.post(`${h.signet.issuer}/login/otp/send`, { ...fields, individual_id: p.id });
      t.is(sent.status, 200, `send ${i + 1}`);
    }
    const before = await h.record(p.id);
    h.advance(120_000);
    const { browser, fields } = await loginForm("/login/otp/send");
    const flood = await browser.post(`${h.signet.issuer}/login/otp/send`, { ...fields, individual_id: p.id });
    t.is(flood.status, 429);
    t.is(flood.headers.get("retry-after"), "480");
    const html = await flood.text();
    t.regex(html, /Too many attempts for this ID\. For your security, try again in 8 minutes\./);
    t.regex(html, /action="\/login\/otp\/send"/);
    t.deepEqual(await h.record(p.id), before);
    t.is((await h.signet.runtime.storage.transactions.get(fields.transaction_id!))?.sendOtpCount, 0);
  }));

  test(name("when the identity system is down the page says so (5xx) and the resident is charged nothing"), inTurn(async (t) => {
    const p = h.person();
    await h.pinLogin(p.id, wrongPin(p));
    const before = await h.record(p.id);
    const { browser, fields } = await loginForm("/login/pin");
    h.setIdentityDown(true);
    let res: Response;
    try {
      res = await browser.post(`${h.signet.issuer}/login/pin`, { ...fields, individual_id: p.id, pin: p.pin });
    } finally {
      h.setIdentityDown(false);
    }
    t.true(res.status >= 500, `got ${res.status}`);
    t.notRegex(await res.text(), /ECONNREFUSED/, "the cause is only logged");
    t.like(await h.record(p.id), { failures: before!.failures, inFlight: 0 });
    t.is((await h.signet.runtime.storage.transactions.get(fields.transaction_id!))?.authenticateCount, 0);
  }));
}
