/**
 * The relying party's side of the OIDC proof: a tiny cookie-keeping browser that walks the
 * gateway's real login and consent pages over HTTP, an openid-client configuration built
 * from discovery alone, and raw token-endpoint calls for the hostile cases.
 */
import * as oidc from "openid-client";
import { clientAssertion } from "../helpers/assertion.js";
import { pkcePair } from "../helpers/pkce.js";
import type { RegisteredClient, SignetUnderTest } from "../helpers/signet.js";

export const INDIVIDUAL = { id: "8267411571", pin: "545411" } as const;
export const OTP = "111111";
export const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** A fetch that keeps cookies per origin and never follows redirects. */
export class Browser {
  readonly #cookies = new Map<string, string>();

  /** `headers` go on every request (e.g. a `traceparent` the browser's instrumentation sends). */
  constructor(readonly headers: Record<string, string> = {}) {}

  async request(url: string, init: { method?: string; form?: Record<string, string | string[]> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...this.headers };
    const cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (cookie) headers["cookie"] = cookie;
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const one of [v].flat()) p.append(k, one);
      body = p.toString();
    }
    const res = await fetch(url, { method: init.method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return res;
  }

  get(url: string): Promise<Response> {
    return this.request(url);
  }

  post(url: string, form: Record<string, string | string[]>): Promise<Response> {
    return this.request(url, { form });
  }
}

const unescapeHtml = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The hidden fields of the page's form posting to `action` (e.g. "/login/otp/send"); throws when absent. */
export function formFields(html: string, action: string): Record<string, string> {
  const forms = [...html.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
  const form = forms.find((m) => unescapeHtml(m[1]!).endsWith(action));
  if (!form) throw new Error(`no form posting to ${action} on the page:\n${html.slice(0, 2000)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
    if (name && !(name in fields)) fields[name] = unescapeHtml(value);
  }
  return fields;
}

/** The claim names the consent page lists (hidden essential claims and ticked checkboxes). */
export function consentClaims(html: string): string[] {
  return [...html.matchAll(/<input\b[^>]*name="claim"[^>]*value="([^"]*)"/g)].map((m) => unescapeHtml(m[1]!));
}

export interface LoginResult {
  /** The 303 Location to the redirect URI (never fetched). */
  readonly location: string;
  readonly transactionId: string;
  readonly csrfToken: string;
}

async function expectStatus(res: Response, status: number, what: string): Promise<string> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status}: ${text.slice(0, 1500)}`);
  return text;
}

/** Opens the authorization URL and returns the login page's HTML. */
export async function openLoginPage(browser: Browser, authorizationUrl: string): Promise<string> {
  return expectStatus(await browser.get(authorizationUrl), 200, "authorization page");
}

/** Logs in on the real pages: Send OTP, then the code; returns the consent page. */
export async function loginWithOtp(browser: Browser, issuer: string, loginPage: string, individualId: string, otp = OTP) {
  const send = formFields(loginPage, "/login/otp/send");
  const sentPage = await expectStatus(await browser.post(`${issuer}/login/otp/send`, { ...send, individual_id: individualId }), 200, "send OTP");
  const login = formFields(sentPage, "/login/otp");
  const res = await browser.post(`${issuer}/login/otp`, { ...login, otp });
  return { res, transactionId: send.transaction_id!, csrfToken: send.csrf_token! };
}

/** Accepts every claim the consent page offers and returns the 303 Location. */
export async function allowConsent(browser: Browser, issuer: string, consentPage: string): Promise<string> {
  const fields = formFields(consentPage, "/consent");
  const res = await browser.post(`${issuer}/consent`, { ...fields, claim: consentClaims(consentPage), action: "allow" });
  await expectStatus(res, 303, "consent");
  return res.headers.get("location")!;
}

/** The whole browser part: authorization URL → OTP or PIN login → consent → the redirect Location. */
export async function walkPages(
  issuer: string,
  authorizationUrl: string,
  opts: { factor?: "otp" | "pin"; individualId?: string; pin?: string; headers?: Record<string, string> } = {},
): Promise<LoginResult> {
  const browser = new Browser(opts.headers);
  const page = await openLoginPage(browser, authorizationUrl);
  const individualId = opts.individualId ?? INDIVIDUAL.id;
  let res: Response;
  let fields: Record<string, string>;
  if (opts.factor === "pin") {
    fields = formFields(page, "/login/pin");
    res = await browser.post(`${issuer}/login/pin`, { ...fields, individual_id: individualId, pin: opts.pin ?? INDIVIDUAL.pin });
  } else {
    const out = await loginWithOtp(browser, issuer, page, individualId);
    res = out.res;
    fields = { transaction_id: out.transactionId, csrf_token: out.csrfToken };
  }
  let location: string;
  if (res.status === 303) location = res.headers.get("location")!;
  else location = await allowConsent(browser, issuer, await expectStatus(res, 200, "login"));
  return { location, transactionId: fields.transaction_id!, csrfToken: fields.csrf_token! };
}

/** openid-client from the issuer URL and the private key alone. */
export async function rpConfiguration(signet: SignetUnderTest, rp: RegisteredClient): Promise<oidc.Configuration> {
  const metadata: Partial<oidc.ClientMetadata> = {
    redirect_uris: [rp.redirectUri],
    token_endpoint_auth_method: "private_key_jwt",
    id_token_signed_response_alg: rp.alg,
    userinfo_signed_response_alg: rp.alg,
    ...(rp.encryptionPrivateKey ? { userinfo_encrypted_response_alg: "RSA-OAEP-256", userinfo_encrypted_response_enc: "A256GCM" } : {}),
  };
  const config = await oidc.discovery(new URL(signet.issuer), rp.clientId, metadata, oidc.PrivateKeyJwt(rp.privateKey), {
    execute: [oidc.allowInsecureRequests],
  });
  return config;
}

/** A hand-made authorization URL (for hostile cases the library would refuse to build). */
export function authorizeUrl(signet: SignetUnderTest, rp: RegisteredClient, params: Record<string, string | undefined> = {}) {
  const { verifier, challenge } = pkcePair();
  const all: Record<string, string | undefined> = {
    client_id: rp.clientId,
    redirect_uri: rp.redirectUri,
    response_type: "code",
    scope: "openid profile email",
    state: `st-${Math.random().toString(36).slice(2)}`,
    nonce: `n-${Math.random().toString(36).slice(2)}`,
    code_challenge: challenge,
    code_challenge_method: "S256",
    acr_values: "mosip:idp:acr:generated-code mosip:idp:acr:static-code",
    ...params,
  };
  const url = new URL(`${signet.issuer}/authorize`);
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, v);
  return { url: url.toString(), verifier, nonce: all.nonce ?? null, state: all.state ?? null };
}

/** A fresh authorization code for `rp` through the real pages (PIN login), with its verifier. */
export async function freshCode(signet: SignetUnderTest, rp: RegisteredClient, params: Record<string, string | undefined> = {}) {
  const auth = authorizeUrl(signet, rp, params);
  const walked = await walkPages(signet.issuer, auth.url, { factor: "pin" });
  const location = new URL(walked.location);
  const code = location.searchParams.get("code");
  if (!code) throw new Error(`no code in ${walked.location}`);
  return { code, verifier: auth.verifier, nonce: auth.nonce, transactionId: walked.transactionId, location };
}

/** POSTs the token endpoint with a form; returns status, headers and JSON body. */
export async function tokenRequest(signet: SignetUnderTest, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${signet.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, string | undefined> };
}

/** The standard token request for a code, with a fresh assertion unless one is given. */
export async function redeem(
  signet: SignetUnderTest,
  rp: RegisteredClient,
  code: string,
  verifier: string,
  overrides: Record<string, string> = {},
) {
  return tokenRequest(signet, {
    grant_type: "authorization_code",
    code,
    redirect_uri: rp.redirectUri,
    code_verifier: verifier,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: await clientAssertion(rp, `${signet.issuer}/token`),
    ...overrides,
  });
}

/** GET /userinfo with a bearer token. */
export async function userinfo(signet: SignetUnderTest, accessToken: string) {
  const res = await fetch(`${signet.issuer}/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
