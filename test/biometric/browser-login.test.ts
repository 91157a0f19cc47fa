import test from "ava";
import * as oidc from "openid-client";
import type { Browser } from "playwright-core";
import type { SbiSimulatorHandle } from "../../src/sbi/index.js";
import { browserUnavailable, launchChromium } from "../helpers/browser.js";
import { startSignet, type RegisteredClient, type SignetUnderTest } from "../helpers/signet.js";
import { pairedSimulator } from "./helpers.js";

/**
 * The full biometric login: openid-client is the relying party, Chromium drives Signet's
 * login page, the page's script discovers the SBI simulator on this computer, captures,
 * and posts; tokens are issued with acr = mosip:idp:acr:biometrics.
 */
const BIO = "mosip:idp:acr:biometrics";
const skip = browserUnavailable();

let signet: SignetUnderTest;
let sim: SbiSimulatorHandle;
let rp: RegisteredClient;
let browser: Browser;
test.before(async () => {
  if (skip) return;
  // A short capture timeout so the timeout message can be shown without a long wait.
  signet = await startSignet({ overrides: { sbi: { captureTimeoutMs: 3000 } } });
  sim = await pairedSimulator(signet, "signet-mock-8267411571");
  rp = await signet.registerClient({ acrValues: [BIO], alg: "ES256" });
  browser = await launchChromium();
});
test.after.always(async () => {
  await browser?.close();
  await sim?.close();
  await signet?.stop();
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

(skip ? test.skip : test.serial)("a resident logs in with a fingerprint in the browser; the RP gets tokens with acr biometrics", async (t) => {
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
  t.regex((await page.textContent("#signet-biometric-status")) ?? "", /Device found/);
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

(skip ? test.skip : test.serial)("the page says so when the device is busy, and no login happens", async (t) => {
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

(skip ? test.skip : test.serial)("a capture that fails verification is shown as such on the login page", async (t) => {
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

(skip ? test.skip : test.serial)("the page says when the capture times out, and no login happens", async (t) => {
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

(skip ? test.skip : test.serial)("the page says when no device is connected", async (t) => {
  // No device answers: the page's scan of 4501–4600 finds nothing (this file's device is hidden too).
  const page = await openLoginPage(null);
  await page.waitForFunction(() => /No biometric device/i.test(document.getElementById("signet-biometric-status")?.textContent ?? ""), undefined, { timeout: 30_000 });
  t.is(await page.getAttribute("#signet-biometric-status", "role"), "alert");
  await page.close();
});
