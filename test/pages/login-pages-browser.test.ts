/**
 * The login pages as residents use them, in Chromium on a phone-sized screen, in English, French
 * and Arabic (right to left): every page and state — the login page, the other factor's tab, an
 * OTP sent (with its countdowns), the name and date-of-birth (KBI) form, a wrong PIN, a throttled ID,
 * the consent page, the language
 * switcher keeping the transaction, a page of an unknown client, a form from another browser —
 * checked with axe-core in English and Arabic (no serious or critical violation; French pages
 * share their templates), every control reached by keyboard in each language, and a screenshot
 * of each written to test-artifacts/screenshots/.
 */
import test, { type ExecutionContext } from "ava";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { exportJWK, generateKeyPair } from "jose";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserUnavailable, launchChromium } from "../helpers/browser.js";
import { pkcePair } from "../helpers/pkce.js";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";

const skip = browserUnavailable();
if (skip) console.log(`[browser] skipping: ${skip}`);
const maybe = skip ? test.skip : test.serial;

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SHOTS = join(process.cwd(), "test-artifacts", "screenshots");
const REDIRECT = "https://rp.example.org/callback";
const CLIENT = "pages-rp";

let signet: SignetUnderTest;
let browser: Browser;

test.before(async () => {
  if (skip) return;
  mkdirSync(SHOTS, { recursive: true });
  // One failure throttles the ID for ten minutes, so the throttled state is one click away.
  [signet, browser] = await Promise.all([startSignet({ demo: true, overrides: { login: { throttleAfterFailures: 1, throttleBaseSeconds: 600 } } }), launchChromium()]);
  const { publicKey } = await generateKeyPair("ES256", { extractable: true });
  await signet.admin.createClient({
    client: {
      clientId: CLIENT,
      name: "Health portal",
      nameLangmap: { eng: "Health portal", fra: "Portail santé", ara: "بوابة الصحة" },
      logoUri: `${signet.issuer}/demo/logo.svg`,
      redirectUris: [REDIRECT],
      publicKey: (await exportJWK(publicKey)) as never,
      allowedClaims: ["name", "email", "birthdate", "phone_number", "address", "gender"],
      acrValues: ["mosip:idp:acr:generated-code", "mosip:idp:acr:static-code", "mosip:idp:acr:knowledge"],
      idTokenSignedResponseAlg: "ES256",
    },
  });
});
test.after.always(async () => {
  await browser?.close();
  await signet?.stop();
});

function authorizeUrl(lang: string, clientId = CLIENT): string {
  const url = new URL(`${signet.issuer}/authorize`);
  const params = {
    client_id: clientId, redirect_uri: REDIRECT, response_type: "code", scope: "openid profile email", state: "s", nonce: `n-${Math.random()}`,
    code_challenge: pkcePair().challenge, code_challenge_method: "S256", ui_locales: lang, prompt: "consent",
    acr_values: "mosip:idp:acr:generated-code mosip:idp:acr:static-code mosip:idp:acr:knowledge",
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

/** A phone-sized page; CSP is bypassed only so the test can inject axe-core. */
async function phone(lang = "en"): Promise<{ context: BrowserContext; page: Page }> {
  // The browser's own language too (Accept-Language), for the pages that have no transaction.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true, locale: lang });
  await context.route(`${new URL(REDIRECT).origin}/**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>RP</title><p>back at the RP</p>" }));
  return { context, page: await context.newPage() };
}

/**
 * Languages whose pages axe-core audits: one left to right and the right-to-left one. Every
 * language renders the same templates, so a French page has the English one's structure; its own
 * text, `lang` and `dir` are checked on every page, and it is screenshotted like the others.
 */
const AUDITED = new Set(["en", "ar"]);

/** axe-core over the page (in the audited languages): no serious or critical violation; `lang`, `dir`; a full-page screenshot. */
async function check(t: ExecutionContext, page: Page, name: string, lang: string): Promise<void> {
  if (AUDITED.has(lang)) {
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(options: { resultTypes: string[] }): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run({ resultTypes: ["violations"] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
    });
    t.deepEqual(violations.filter((v) => v.impact === "serious" || v.impact === "critical"), [], `${name} (${lang})`);
  }
  t.is(await page.getAttribute("html", "lang"), lang, `${name}: lang`);
  t.is(await page.getAttribute("html", "dir"), lang === "ar" ? "rtl" : "ltr", `${name}: dir`);
  await page.screenshot({ path: join(SHOTS, `${name}-${lang}.png`), fullPage: true });
}

/** Every visible control is reached by pressing Tab (the page records what gains focus). */
async function keyboardReachesEverything(t: ExecutionContext, page: Page, what: string): Promise<void> {
  const controls = await page.evaluate(() => {
    const all = Array.from(document.querySelectorAll<HTMLElement>("a[href], button, input:not([type=hidden]), select, textarea"));
    all.forEach((el, i) => el.setAttribute("data-kb", String(i)));
    const focused: string[] = [];
    (window as unknown as { focused: string[] }).focused = focused;
    document.addEventListener("focusin", (e) => {
      const id = (e.target as HTMLElement).getAttribute("data-kb");
      if (id) focused.push(id);
    });
    (document.activeElement as HTMLElement | null)?.blur();
    return all.filter((el) => el.offsetParent !== null && !(el as HTMLButtonElement).disabled).map((el) => el.getAttribute("data-kb")!);
  });
  for (let i = 0; i < controls.length + 5; i++) await page.keyboard.press("Tab");
  const reached = new Set(await page.evaluate(() => (window as unknown as { focused: string[] }).focused));
  t.true(controls.length >= 3, what);
  t.deepEqual(controls.filter((c) => !reached.has(c)), [], `${what}: every control is reachable by keyboard`);
}

const TEXT = {
  en: {
    id: "National ID number (UIN or VID)", send: "Send OTP", otp: "One-time code", login: "Log in", pinTab: "PIN", pin: "PIN", allow: "Allow", client: "Health portal",
    kbiTab: "Name and date of birth", kbiTitle: "Log in with your name and date of birth", name: "Full name, as registered", birthdate: "Date of birth",
  },
  fr: {
    id: "Numéro d’identité nationale (UIN ou VID)", send: "Envoyer le code", otp: "Code à usage unique", login: "Se connecter", pinTab: "Code PIN", pin: "Code PIN", allow: "Autoriser", client: "Portail santé",
    kbiTab: "Nom et date de naissance", kbiTitle: "Se connecter avec votre nom et votre date de naissance", name: "Nom complet, tel qu’enregistré", birthdate: "Date de naissance",
  },
  ar: {
    id: "رقم الهوية الوطنية (UIN أو VID)", send: "إرسال الرمز", otp: "الرمز لمرة واحدة", login: "تسجيل الدخول", pinTab: "الرقم السري", pin: "الرقم السري", allow: "سماح", client: "بوابة الصحة",
    kbiTab: "الاسم وتاريخ الميلاد", kbiTitle: "تسجيل الدخول باسمك وتاريخ ميلادك", name: "الاسم الكامل كما هو مسجّل", birthdate: "تاريخ الميلاد",
  },
} as const;

/**
 * Who answers the KBI form in each language (as registered in the mock's identities), before
 * that language's wrong-PIN test throttles its PIN resident; in Arabic, by the Arabic name.
 */
const KBI = {
  ar: { id: "8267411571", name: "عائشة رحمن", birthdate: "1990-04-12" },
  en: { id: "8267411571", name: "Aisha Rahman", birthdate: "1990-04-12" },
  fr: { id: "5860356276", name: "Camille Martin", birthdate: "1985-09-30" },
} as const;

/**
 * Who logs in in each language: OTP sends are limited to 3 per resident in 10 minutes, and a failed
 * PIN throttles the resident, so each throttled resident logs in before (the tests run in order).
 */
const RESIDENT = { ar: { otp: "8267411571", pin: "2147306859" }, en: { otp: "8267411571", pin: "8267411571" }, fr: { otp: "5860356276", pin: "5860356276" } } as const;

maybe("the language switcher keeps the transaction and what the page showed (an OTP already sent)", async (t) => {
  const { context, page } = await phone();
  t.teardown(() => context.close());
  await page.goto(authorizeUrl("en"));
  const otp = page.locator('section.factor[data-acr="mosip:idp:acr:generated-code"]');
  await otp.getByRole("textbox", { name: TEXT.en.id }).fill("8267411571");
  await otp.getByRole("button", { name: TEXT.en.send }).click();
  await otp.getByRole("textbox", { name: TEXT.en.otp }).waitFor();
  const transactionId = await page.locator('input[name="transaction_id"]').first().inputValue();
  await page.getByRole("button", { name: "العربية" }).click();
  await otp.getByRole("textbox", { name: TEXT.ar.otp }).waitFor();
  t.is(await page.getAttribute("html", "dir"), "rtl");
  t.is(await page.locator('input[name="transaction_id"]').first().inputValue(), transactionId, "the same transaction");
  t.is(await page.getAttribute('nav.languages button[lang="ar"]', "aria-current"), "true");
  await otp.getByRole("textbox", { name: TEXT.ar.otp }).fill("111111");
  await otp.getByRole("button", { name: TEXT.ar.login }).click();
  await page.getByRole("button", { name: TEXT.ar.allow }).waitFor();
  t.is(await page.getAttribute("html", "lang"), "ar", "the choice is remembered on the next page");
});

for (const lang of ["ar", "en", "fr"] as const) {
  const words = TEXT[lang];
  maybe(`${lang}: login (OTP), code sent with countdowns, consent — ${AUDITED.has(lang) ? "axe-clean, " : ""}keyboard-reachable, localised`, async (t) => {
    const { context, page } = await phone();
    t.teardown(() => context.close());
    await page.goto(authorizeUrl(lang));
    const otp = page.locator('section.factor[data-acr="mosip:idp:acr:generated-code"]');
    await otp.getByRole("textbox", { name: words.id }).waitFor();
    t.regex(await page.locator("header.client strong").innerText(), new RegExp(words.client));
    t.true(await page.locator('section.factor[data-acr="mosip:idp:acr:static-code"]').isHidden(), "one factor at a time");
    t.is(await page.locator("header.client img").getAttribute("src"), `${signet.issuer}/demo/logo.svg`, "the client's logo");
    await check(t, page, "login", lang);
    await keyboardReachesEverything(t, page, `login (${lang})`);

    await otp.getByRole("textbox", { name: words.id }).fill(RESIDENT[lang].otp);
    await otp.getByRole("button", { name: words.send }).click();
    await otp.getByRole("textbox", { name: words.otp }).waitFor();
    t.true(await otp.locator("[data-countdown-until] .countdown").first().isVisible(), "resend countdown");
    t.true(await page.locator("p.expiry .countdown").isVisible(), "login expiry countdown");
    t.true(await otp.locator("button[data-enable-at]").isDisabled(), "a new code is offered only when the countdown ends");
    await check(t, page, "otp-sent", lang);

    await otp.getByRole("textbox", { name: words.otp }).fill("111111");
    await otp.getByRole("button", { name: words.login }).click();
    await page.getByRole("button", { name: words.allow }).waitFor();
    await check(t, page, "consent", lang);
    await keyboardReachesEverything(t, page, `consent (${lang})`);
    await page.getByRole("button", { name: words.allow }).click();
    await page.waitForURL(`${REDIRECT}?**`);
    t.truthy(new URL(page.url()).searchParams.get("code"));
  });

  maybe(`${lang}: the name and date-of-birth (KBI) tab — ${AUDITED.has(lang) ? "axe-clean, " : ""}keyboard-reachable, localised — logs in`, async (t) => {
    const { context, page } = await phone(lang);
    t.teardown(() => context.close());
    await page.goto(authorizeUrl(lang));
    await page.getByRole("button", { name: words.kbiTab, exact: true }).click();
    const kbi = page.locator('section.factor[data-acr="mosip:idp:acr:knowledge"]');
    await kbi.getByRole("textbox", { name: words.name }).waitFor();
    t.regex(await kbi.innerText(), new RegExp(words.kbiTitle));
    t.true(await page.locator('section.factor[data-acr="mosip:idp:acr:generated-code"]').isHidden(), "one factor at a time");
    await check(t, page, "login-kbi", lang);
    await keyboardReachesEverything(t, page, `login-kbi (${lang})`);

    await kbi.getByRole("textbox", { name: words.id }).fill(KBI[lang].id);
    await kbi.getByRole("textbox", { name: words.name }).fill(KBI[lang].name);
    await kbi.getByLabel(words.birthdate, { exact: true }).fill(KBI[lang].birthdate);
    await kbi.getByRole("button", { name: words.login }).click();
    await page.getByRole("button", { name: words.allow }).waitFor();
    t.is(await page.getAttribute("html", "lang"), lang);
  });

  maybe(`${lang}: the PIN tab, a wrong PIN, a throttled ID, an unknown client, a form from elsewhere — ${AUDITED.has(lang) ? "axe-clean and " : ""}localised`, async (t) => {
    const { context, page } = await phone(lang);
    t.teardown(() => context.close());
    await page.goto(authorizeUrl(lang));
    await page.getByRole("button", { name: words.pinTab, exact: true }).click();
    const pin = page.locator('section.factor[data-acr="mosip:idp:acr:static-code"]');
    await pin.getByRole("textbox", { name: words.id }).waitFor();
    t.true(await page.locator('section.factor[data-acr="mosip:idp:acr:generated-code"]').isHidden());
    await check(t, page, "login-pin", lang);

    await pin.getByRole("textbox", { name: words.id }).fill(RESIDENT[lang].pin);
    await pin.getByLabel(words.pin, { exact: true }).fill("000000");
    await pin.getByRole("button", { name: words.login }).click();
    await page.locator('p.notice.error[role="alert"]').waitFor();
    await check(t, page, "wrong-pin", lang);

    await page.locator('section.factor[data-acr="mosip:idp:acr:static-code"]').getByLabel(words.pin, { exact: true }).fill("000000");
    await page.locator('section.factor[data-acr="mosip:idp:acr:static-code"]').getByRole("button", { name: words.login }).click();
    await page.locator('p.notice.error[role="alert"]').waitFor();
    t.regex(await page.locator('p.notice.error').innerText(), lang === "en" ? /try again in 10 minutes/ : lang === "fr" ? /réessayez dans 10 minutes/ : /10 دقائق/);
    await check(t, page, "throttled", lang);

    await page.goto(authorizeUrl(lang, "no-such-client"));
    await page.locator('p.notice.error[role="alert"]').waitFor();
    await check(t, page, "error-page", lang);

    // A login form that did not come from this browser's login (no binding cookie): 403.
    await page.setContent(`<form method="post" action="${signet.issuer}/login/pin"><input name="transaction_id" value="t"><input name="csrf_token" value="c"><button>go</button></form>`);
    await page.getByRole("button", { name: "go" }).click();
    await page.locator('p.notice.error[role="alert"]').waitFor();
    t.regex(await page.locator("main").innerText(), /invalid_transaction/);
    await check(t, page, "forbidden", lang);
  });
}

