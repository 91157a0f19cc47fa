/**
 * A real browser (headless Chromium through playwright-core, never downloaded) walks the
 * login and consent pages as a person would: types the national id, asks for an OTP,
 * types it, allows sharing — and the RP's redirect carries a code that redeems.
 */
import { existsSync } from "node:fs";
import test from "ava";
import { chromium, type Browser } from "playwright-core";
import { createLocalJWKSet, jwtVerify } from "jose";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { INDIVIDUAL, OTP, authorizeUrl, redeem } from "./rp.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env["CI"] !== "true") console.log(`[browser] skipping: ${CHROMIUM} is missing (CI=true would fail instead)`);
const maybe = available || process.env["CI"] === "true" ? test : test.skip;

let signet: SignetUnderTest;
let browser: Browser;
test.before(async () => {
  if (!available && process.env["CI"] !== "true") return;
  signet = await startSignet();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});
test.after.always(async () => {
  await browser?.close();
  await signet?.stop();
});

maybe("a person logs in with OTP and allows sharing in headless Chromium; the redirect's code redeems", async (t) => {
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
