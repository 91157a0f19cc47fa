/**
 * Signet's pages in a real browser: headless Chromium (playwright-core, the Debian binary, never
 * downloaded) walks the login and consent pages as a person would. One Chromium and one Signet
 * serve every test here, each test in its own browser context or page; the tests run one after
 * another because the SBI simulator is one device.
 *
 * - OTP login and consent: the relying party's redirect carries a code that redeems.
 * - The browser binding: a second tab and a cross-site link to /authorize leave an open login
 *   working, and a reload shows the same login (the HTTP-level cases are in
 *   test/security/browser-binding.test.ts).
 * - Biometric login through SBI: openid-client is the relying party, the page's script discovers
 *   the SBI simulator on this computer, captures and posts; tokens carry acr biometrics. And what
 *   the page says when the device is busy, the capture fails verification or times out, or no
 *   device answers.
 *
 * Run against the bundled mock identity system in process (logins.test.ts) and, the logins
 * that reach the identity system only, in its own process
 * (test/identity-system/suites-remote.test.ts).
 */
import test from "ava";
import { createLocalJWKSet, jwtVerify } from "jose";
import * as oidc from "openid-client";
import type { Browser } from "playwright-core";
import type { SbiSimulatorHandle } from "../../src/sbi/index.js";
import { browserUnavailable, launchChromium } from "../helpers/browser.js";
import type { RegisteredClient, SignetUnderTest } from "../helpers/signet.js";
import { testOrSkip } from "../helpers/skip.js";
import { pairedSimulator } from "../biometric/helpers.js";
import { INDIVIDUAL, OTP, authorizeUrl, redeem } from "../oidc/rp.js";

/** Tests here need Chromium: without it (outside CI) each is a visible skip naming the reason. */
const btest = testOrSkip(test, browserUnavailable());
const BIO = "mosip:idp:acr:biometrics";

/**
 * Defines the browser tests against the Signet `start(overrides)` returns; `identityOnly` keeps
 * the OTP and fingerprint logins (they reach the identity system) and leaves out the browser
 * binding and the device states, which never reach it.
 */
export function browserLoginsSuite(
  start: (overrides: Record<string, unknown>) => Promise<SignetUnderTest>,
  opts: { readonly identityOnly?: boolean } = {},
): void {
const beyondIdentity = ((title: string, fn: never) => {
  if (!opts.identityOnly) btest.serial(title, fn);
}) as typeof btest.serial;
let signet: SignetUnderTest;
let sim: SbiSimulatorHandle;
let rp: RegisteredClient;
let browser: Browser;
btest.before(async () => {
  // A short capture timeout so the timeout message can be shown without a long wait.
  [signet, browser] = await Promise.all([start({ sbi: { captureTimeoutMs: 3000 } }), launchChromium()]);
  sim = await pairedSimulator(signet, "signet-mock-8267411571");
  rp = await signet.registerClient({ acrValues: [BIO], alg: "ES256" });
});
btest.after.always(async () => {
  await browser?.close();
  await sim?.close();
  await signet?.stop();
});

btest.serial("a person logs in with OTP and allows sharing in headless Chromium; the redirect's code redeems", async (t) => {
  const rp = await signet.registerClient();
  const auth = authorizeUrl(signet, rp, { acr_values: "mosip:idp:acr:generated-code" });
  const context = await browser.newContext();
  t.teardown(() => context.close());
  const page = await context.newPage();

  // The RP is not running: answer its callback in the browser and remember where we landed.
  const redirectHost = new URL(rp.redirectUri).origin;
  let landed: string | undefined;
  await page.route(`${redirectHost}/**`, async (route) => {
    if (route.request().url().startsWith(rp.redirectUri)) landed = route.request().url();
    await route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>RP</title><p>back at the RP</p>" });
  });
  const callback = page.waitForRequest((r) => r.url().startsWith(rp.redirectUri));
  callback.catch(() => undefined); // awaited below; silenced only if the test fails before

  await page.goto(auth.url);
  await page.getByRole("textbox", { name: "National ID number (UIN or VID)" }).fill(INDIVIDUAL.id);
  await page.getByRole("button", { name: "Send OTP" }).click();
  await page.getByRole("textbox", { name: "One-time code" }).fill(OTP);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Share your details" }).waitFor();
  await page.getByRole("button", { name: "Allow" }).click();
  const request = await callback;
  await page.waitForLoadState();

  const url = new URL(landed ?? request.url());
  t.is(url.origin + url.pathname, rp.redirectUri);
  t.is(url.searchParams.get("state"), auth.state);
  t.is(url.searchParams.get("iss"), signet.issuer);
  const code = url.searchParams.get("code");
  t.truthy(code);
  t.is((await context.cookies(signet.issuer)).filter((c) => c.name.startsWith("signet_txn")).length, 0, "the binding cookie is cleared");

  const tokens = await redeem(signet, rp, code!, auth.verifier);
  t.is(tokens.status, 200, JSON.stringify(tokens.body));
  const jwks = createLocalJWKSet((await (await fetch(`${signet.issuer}/.well-known/jwks.json`)).json()) as never);
  const { payload } = await jwtVerify(tokens.body.id_token!, jwks, { issuer: signet.issuer, audience: rp.clientId });
  t.is(payload.nonce, auth.nonce);
  t.deepEqual(payload.amr, ["otp"]);
});

const pinUrl = (client: RegisteredClient) => authorizeUrl(signet, client, { acr_values: "mosip:idp:acr:static-code", scope: "openid" });

beyondIdentity("a second tab and a cross-site link to /authorize leave the first login working, and a reload shows the same login", async (t) => {
  const pinRp = await signet.registerClient({ acrValues: ["mosip:idp:acr:static-code"] });
  const other = await signet.registerClient({ acrValues: ["mosip:idp:acr:static-code"], redirectUri: "https://other.example.org/cb" });
  const context = await browser.newContext();
  t.teardown(() => context.close());
  // The applications are not running: a redirect's target is only seen as a request (Playwright
  // routes only the first URL of a redirect chain), which is all this test needs.
  await context.route(/^https:\/\/(rp|other)\.example\.org\//, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>RP</title>" }));
  const crossSiteUrl = pinUrl(other).url;
  await context.route("https://elsewhere.example/**", (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: `<!doctype html><title>Elsewhere</title><a id="go" href="${crossSiteUrl.replace(/&/g, "&amp;")}">log in</a>` }));

  const first = await context.newPage();
  await first.goto(pinUrl(pinRp).url);
  const firstTx = await first.locator('form[action="/login/pin"] input[name="transaction_id"]').getAttribute("value");

  const second = await context.newPage();
  await second.goto("https://elsewhere.example/");
  await second.click("#go");
  await second.getByRole("heading", { name: "Log in", exact: true }).waitFor();
  await second.reload();
  const secondTx = await second.locator('form[action="/login/pin"] input[name="transaction_id"]').getAttribute("value");
  await second.reload();
  t.is(await second.locator('form[action="/login/pin"] input[name="transaction_id"]').getAttribute("value"), secondTx, "a reload shows the same login");
  t.not(secondTx, firstTx);

  for (const [page, callback] of [[first, "https://rp.example.org/callback?code="], [second, "https://other.example.org/cb?code="]] as const) {
    const reached = page.waitForRequest((r) => r.url().startsWith(callback));
    await page.getByRole("textbox", { name: "National ID number (UIN or VID)" }).fill(INDIVIDUAL.id);
    await page.getByRole("textbox", { name: "PIN", exact: true }).fill(INDIVIDUAL.pin);
    await page.getByRole("button", { name: "Log in" }).click();
    t.truthy(await reached, `${callback}… reached`);
  }
});

/**
 * Other test files run their own simulators in 4501–4600 at the same time; the page must
 * only see this file's device (or none), so requests to any other SBI port are aborted.
 */
async function onlyDevice(page: import("playwright-core").Page, port: number | null): Promise<void> {
  await page.route(
    (url) => {
      const p = Number(url.port);
      return url.hostname === "127.0.0.1" && p >= 4501 && p <= 4600 && p !== port;
    },
    (route) => route.abort("connectionrefused"),
  );
}

async function relyingParty() {
  return oidc.discovery(
    new URL(signet.issuer),
    rp.clientId,
    { id_token_signed_response_alg: "ES256", redirect_uris: [rp.redirectUri] },
    oidc.PrivateKeyJwt(rp.privateKey),
    { execute: [oidc.allowInsecureRequests] },
  );
}

btest.serial("a resident logs in with a fingerprint in the browser; the RP gets tokens with acr biometrics", async (t) => {
  const config = await relyingParty();
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: rp.redirectUri,
    scope: "openid profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce,
    acr_values: BIO,
  });
  const page = await browser.newPage();
  await onlyDevice(page, sim.port);
  let callback: string | undefined;
  await page.route("https://rp.example.org/**", async (route) => {
    callback = route.request().url();
    await route.fulfill({ status: 200, contentType: "text/plain", body: "ok" });
  });
  await page.goto(url.href);
  await page.waitForSelector("#signet-biometric-capture:not([disabled])", { timeout: 20_000 });
  // The page gives each SBI port 1.5 s to answer; on a loaded machine this file's simulator may
  // miss that on the first scan, so the page is reloaded (the same login) up to twice.
  for (let scan = 1; scan < 3 && !/Device found/.test(await statusText(page)); scan++) {
    await page.reload();
    await page.waitForSelector("#signet-biometric-capture:not([disabled])", { timeout: 20_000 });
  }
  t.regex(await statusText(page), /Device found/);
  await page.fill("#bio-id", "8267411571");
  await page.click("#signet-biometric-capture");
  await page.waitForSelector("button[value=allow]", { timeout: 20_000 });
  await page.click("button[value=allow]");
  await page.waitForURL(/rp\.example\.org/, { timeout: 20_000 });
  t.truthy(callback);

  const tokens = await oidc.authorizationCodeGrant(config, new URL(callback!), { pkceCodeVerifier: verifier, expectedNonce: nonce, idTokenExpected: true });
  const claims = tokens.claims()!;
  t.is(claims.acr, BIO);
  t.deepEqual(claims.amr, ["fpt"]);
  await page.close();
});

beyondIdentity("the page says so when the device is busy, and no login happens", async (t) => {
  const page = await openLoginPage();
  await page.waitForSelector("#signet-biometric-capture:not([disabled])", { timeout: 20_000 });
  sim.setStatus("Busy");
  t.teardown(() => sim.setStatus("Ready"));
  await page.fill("#bio-id", "8267411571");
  await page.click("#signet-biometric-capture");
  await page.waitForFunction(() => /busy/i.test(document.getElementById("signet-biometric-status")?.textContent ?? ""), undefined, { timeout: 20_000 });
  t.is(await page.getAttribute("#signet-biometric-status", "role"), "alert");
  t.regex(new URL(page.url()).pathname, /\/authorize$/, "still on the login page");
  await page.close();
});

beyondIdentity("a capture that fails verification is shown as such on the login page", async (t) => {
  const page = await openLoginPage();
  await page.waitForSelector("#signet-biometric-capture:not([disabled])", { timeout: 20_000 });
  sim.setFault("wrongHash");
  t.teardown(() => sim.setFault(undefined));
  await page.fill("#bio-id", "8267411571");
  await page.click("#signet-biometric-capture");
  await page.waitForSelector("p.notice.error", { timeout: 20_000 });
  t.regex((await page.textContent("p.notice.error")) ?? "", /could not be verified/);
  await page.close();
});

async function openLoginPage(devicePort: number | null = sim.port) {
  const config = await relyingParty();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: rp.redirectUri, scope: "openid", code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
    code_challenge_method: "S256", acr_values: BIO,
  });
  const page = await browser.newPage();
  await onlyDevice(page, devicePort);
  await page.goto(url.href);
  return page;
}

const statusText = (page: Awaited<ReturnType<typeof openLoginPage>>) => page.textContent("#signet-biometric-status").then((s) => s ?? "");

beyondIdentity("the page says when the capture times out, and no login happens", async (t) => {
  const page = await openLoginPage();
  await page.waitForSelector("#signet-biometric-capture:not([disabled])", { timeout: 20_000 });
  sim.setCaptureDelay(10_000);
  t.teardown(() => sim.setCaptureDelay(0));
  await page.fill("#bio-id", "8267411571");
  await page.click("#signet-biometric-capture");
  await page.waitForFunction(() => /timed out/i.test(document.getElementById("signet-biometric-status")?.textContent ?? ""), undefined, { timeout: 20_000 });
  t.regex(await statusText(page), /timed out/);
  t.regex(new URL(page.url()).pathname, /\/authorize$/);
  await page.close();
});

beyondIdentity("the page says when no device is connected", async (t) => {
  // No device answers: the page's scan of 4501–4600 finds nothing (this file's device is hidden too).
  const page = await openLoginPage(null);
  await page.waitForFunction(() => /No biometric device/i.test(document.getElementById("signet-biometric-status")?.textContent ?? ""), undefined, { timeout: 30_000 });
  t.is(await page.getAttribute("#signet-biometric-status", "role"), "alert");
  await page.close();
});
}
