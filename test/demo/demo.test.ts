/**
 * The development demo mounted beside the gateway, driven over HTTP without a browser: the relying
 * party signs in through Signet's pages (openid-client, private_key_jwt, PKCE) and shows the
 * verified ID token and userinfo; the wallet obtains and verifies a credential of every format.
 */
import test from "ava";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { Browser, walkPages } from "../oidc/rp.js";

let signet: SignetUnderTest;
test.before(async () => {
  signet = await startSignet({ demo: true });
});
test.after.always(async () => {
  await signet?.stop();
});

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The JSON shown under a heading of a demo page. */
function shown(page: string, heading: string): any {
  const at = page.indexOf(`<h2>${heading}</h2>`);
  if (at < 0) throw new Error(`no "${heading}" on the page:\n${page.slice(0, 3000)}`);
  const pre = /<pre>([\s\S]*?)<\/pre>/.exec(page.slice(at))!;
  return JSON.parse(unescape(pre[1]!));
}

async function startLogin(browser: Browser, form: Record<string, string>): Promise<string> {
  const res = await browser.post(`${signet.issuer}/demo/login`, form);
  if (res.status !== 303) throw new Error(`POST /demo/login: ${res.status} ${await res.text()}`);
  return res.headers.get("location")!;
}

test("the relying party signs in with a PIN and shows the verified ID token (PS256), acr/amr, the pairwise sub and the userinfo", async (t) => {
  const browser = new Browser();
  const home = await (await browser.get(`${signet.issuer}/demo`)).text();
  t.regex(home, /Sign in with Signet/);
  const authorize = new URL(await startLogin(browser, { factor: "pin", alg: "PS256" }));
  t.is(authorize.origin + authorize.pathname, `${signet.issuer}/authorize`);
  t.is(authorize.searchParams.get("client_id"), "signet-demo-rp-ps256");
  t.is(authorize.searchParams.get("code_challenge_method"), "S256");
  t.is(authorize.searchParams.get("acr_values"), "mosip:idp:acr:static-code");
  t.truthy(authorize.searchParams.get("nonce"));

  const { location } = await walkPages(signet.issuer, authorize.href, { factor: "pin" });
  t.true(location.startsWith(`${signet.issuer}/demo/callback?`), location);
  const res = await browser.get(location);
  const page = await res.text();
  t.is(res.status, 200, page.slice(0, 2000));
  t.regex(page, /<h1>Signed in<\/h1>/);
  t.like(shown(page, "ID token header"), { alg: "PS256" });
  const claims = shown(page, "ID token claims");
  t.like(claims, { iss: signet.issuer, aud: "signet-demo-rp-ps256", acr: "mosip:idp:acr:static-code" });
  t.deepEqual(claims.amr, ["pin"]);
  t.regex(page, new RegExp(`<code>${claims.sub}</code> — pairwise`));
  const userinfo = shown(page, "Userinfo (a signed JWT, verified)");
  t.is(userinfo.sub, claims.sub);
  t.is(userinfo.name, "Aisha Rahman");

  const again = await browser.get(location);
  t.is(again.status, 400, "the pending login was used once");
  t.regex(await again.text(), /expired or was started in another browser/);
});

test("the wallet gets a credential of each configuration and verifies it with the issuer's public documents", async (t) => {
  const browser = new Browser();
  const home = await (await browser.get(`${signet.issuer}/demo/wallet`)).text();
  const formats = { NationalIdCredential_dc_sd_jwt: "dc+sd-jwt", NationalIdCredential_jwt_vc_json: "jwt_vc_json", NationalIdCredential_ldp_vc: "ldp_vc" } as const;
  for (const [id, format] of Object.entries(formats)) {
    t.regex(home, new RegExp(`value="${id}"`));
    const start = await browser.post(`${signet.issuer}/demo/wallet/start`, { configuration_id: id });
    t.is(start.status, 303);
    const authorize = new URL(start.headers.get("location")!);
    t.is(authorize.searchParams.get("resource"), signet.issuer);
    t.deepEqual(JSON.parse(authorize.searchParams.get("authorization_details")!), [{ type: "openid_credential", credential_configuration_id: id }]);
    const { location } = await walkPages(signet.issuer, authorize.href, { factor: "pin" });
    const res = await browser.get(location);
    const page = await res.text();
    t.is(res.status, 200, page.slice(0, 2000));
    t.regex(page, new RegExp(`<section class="credential" data-format="${format.replace("+", "\\+")}"[\\s\\S]*?data-verified="true"`), `${format} verified`);
  }
  const sdJwt = await startAndShow(browser, "NationalIdCredential_dc_sd_jwt");
  t.regex(sdJwt, /Disclosures \[salt, claim, value\]/);
  t.regex(sdJwt, /&quot;given_name&quot;,\s*&quot;Aisha&quot;/);
  t.regex(await startAndShow(browser, "NationalIdCredential_ldp_vc"), /Data Integrity proof \(eddsa-rdfc-2022\)/);
  t.is((await browser.post(`${signet.issuer}/demo/wallet/start`, { configuration_id: "Nope" })).status, 400);
});

async function startAndShow(browser: Browser, id: string): Promise<string> {
  const start = await browser.post(`${signet.issuer}/demo/wallet/start`, { configuration_id: id });
  const { location } = await walkPages(signet.issuer, start.headers.get("location")!, { factor: "pin" });
  return (await browser.get(location)).text();
}

test("bad input and a callback without a pending login are 400 pages; unknown demo paths 404", async (t) => {
  const browser = new Browser();
  const bad = await browser.post(`${signet.issuer}/demo/login`, { factor: "password", alg: "ES256" });
  t.is(bad.status, 400);
  t.regex(await bad.text(), /factor must be one of otp, pin, bio/);
  const stray = await browser.get(`${signet.issuer}/demo/callback?code=x&state=y`);
  t.is(stray.status, 400);
  t.is((await browser.get(`${signet.issuer}/demo/nowhere`)).status, 404);
  t.regex((await browser.get(`${signet.issuer}/demo/logo.svg`)).headers.get("content-type") ?? "", /^image\/svg\+xml/);
});

test("GET / is a landing page for a browser and the controller document for a JSON-LD client", async (t) => {
  const html = await fetch(`${signet.issuer}/`, { headers: { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" } });
  t.regex(html.headers.get("content-type") ?? "", /^text\/html/);
  t.is(html.headers.get("vary"), "Accept");
  const body = await html.text();
  for (const link of ["/.well-known/openid-configuration", "/.well-known/jwks.json", "/demo", "/demo/readme"]) t.true(body.includes(`href="${link}"`), link);
  for (const accept of ["application/ld+json, application/json", "*/*", ""]) {
    const res = await fetch(`${signet.issuer}/`, { headers: accept ? { accept } : {} });
    t.is(res.headers.get("content-type"), "application/ld+json", accept);
    t.is(((await res.json()) as { id: string }).id, signet.issuer);
  }
  const readme = await fetch(`${signet.issuer}/demo/readme`);
  t.regex(await readme.text(), /^# Signet/);
});
