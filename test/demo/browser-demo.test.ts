/**
 * The newcomer's two minutes, in a real browser: a fresh `npm start` prints where to try it; the
 * demo relying party signs in with an OTP through Signet's pages and shows the decoded ID token;
 * the demo wallet gets and verifies a credential of each format.
 */
import test from "ava";
import type { Browser, Page } from "playwright-core";
import { browserUnavailable, launchChromium } from "../helpers/browser.js";
import type { SignetProcess } from "../foundation/processes.js";
import { giveBackNpmStart, takeNpmStart } from "./npm-start.js";

const skip = browserUnavailable();
if (skip) console.log(`[browser] skipping: ${skip}`);
const maybe = skip ? test.skip : test.serial;

let proc: SignetProcess;
let issuer: string;
let browser: Browser;

test.before(async () => {
  if (skip) return;
  // The developer's environment: no secrets configured, everything generated in the data dir (./npm-start.ts).
  [{ proc, issuer }, browser] = await Promise.all([takeNpmStart(), launchChromium()]);
});
test.after.always(async () => {
  await browser?.close();
  if (!skip) await giveBackNpmStart();
});

/** Logs in with the OTP on Signet's login page (the factor section of the OTP ACR). */
async function loginWithOtp(page: Page): Promise<void> {
  const otp = page.locator('section.factor[data-acr="mosip:idp:acr:generated-code"]');
  await otp.getByRole("textbox", { name: "National ID number (UIN or VID)" }).fill("8267411571");
  await otp.getByRole("button", { name: "Send OTP" }).click();
  const sent = page.locator('section.factor[data-acr="mosip:idp:acr:generated-code"]');
  await sent.getByRole("textbox", { name: "One-time code" }).fill("111111");
  await sent.getByRole("button", { name: "Log in" }).click();
}

/** Logs in with a PIN (the wallet's logins: OTP sends are limited per resident, 3 in 10 minutes). */
async function loginWithPin(page: Page, id: string, pin: string): Promise<void> {
  await page.getByRole("button", { name: "PIN", exact: true }).click();
  const section = page.locator('section.factor[data-acr="mosip:idp:acr:static-code"]');
  await section.getByRole("textbox", { name: "National ID number (UIN or VID)" }).fill(id);
  await section.getByLabel("PIN").fill(pin);
  await section.getByRole("button", { name: "Log in" }).click();
}

maybe("npm start prints the demo URL; the landing page links it", async (t) => {
  t.regex(proc.stdout(), new RegExp(`^Try it: ${issuer}/demo$`, "m"));
  const page = await browser.newPage();
  t.teardown(() => page.close());
  await page.goto(issuer);
  await page.getByRole("heading", { name: "Signet", level: 1 }).waitFor();
  t.is(await page.getByRole("link", { name: "Demo relying party" }).getAttribute("href"), "/demo");
});

maybe("the demo relying party: OTP login through Signet's pages shows the decoded, verified ID token", async (t) => {
  const page = await browser.newPage();
  t.teardown(() => page.close());
  await page.goto(`${issuer}/demo`);
  await page.getByRole("radio", { name: "One-time code (OTP)" }).check();
  await page.getByRole("radio", { name: "ES256" }).check();
  await page.getByRole("button", { name: "Sign in with Signet" }).click();
  await loginWithOtp(page);
  await page.getByRole("button", { name: "Allow" }).click();
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  t.true(page.url().startsWith(`${issuer}/demo/callback?`));
  const header = JSON.parse(await page.locator("h2:has-text('ID token header') + pre").innerText()) as { alg: string; kid: string };
  t.is(header.alg, "ES256");
  const claims = JSON.parse(await page.locator("h2:has-text('ID token claims') + pre").innerText()) as Record<string, unknown>;
  t.like(claims, { iss: issuer, aud: "signet-demo-rp-es256", acr: "mosip:idp:acr:generated-code" });
  t.deepEqual(claims.amr, ["otp"]);
  t.regex(await page.locator("p.verified").first().innerText(), /verified/);
});

maybe("the demo wallet: a verified credential of each format, one login each", async (t) => {
  const page = await browser.newPage();
  t.teardown(() => page.close());
  for (const format of ["dc+sd-jwt", "jwt_vc_json", "ldp_vc"]) {
    await page.goto(`${issuer}/demo/wallet`);
    await page.getByRole("button", { name: new RegExp(`\\(${format.replace("+", "\\+")}\\)$`) }).click();
    await loginWithPin(page, "5860356276", "482913");
    await page.getByRole("heading", { name: "Credential received" }).waitFor({ timeout: 30_000 });
    t.is(await page.locator(`section[data-format="${format}"] [data-verified="true"]`).count(), 1, format);
  }
});
