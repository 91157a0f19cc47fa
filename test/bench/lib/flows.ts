/**
 * One login, step by step, as a browser and a relying party make it — on Signet's pages or on the
 * peer's (node-oidc-provider) — and the calls that follow it: token exchange (ES256
 * `private_key_jwt`), signed userinfo, and for Signet an OpenID4VCI credential.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { importJWK, SignJWT, type CryptoKey, type JWK } from "jose";
import { CookieJar, claimInputs, expect, hiddenFields, HttpClient, type Reply } from "./http.js";
import type { Fixture } from "./fixture.js";

/** Where the load goes: one or more gateways (requests alternate between them) of one kind. */
export interface Target {
  readonly kind: "signet" | "peer";
  readonly issuer: string;
  readonly urls: readonly string[];
}

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const OTP = "111111";

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** A code, ready to exchange. */
export interface Code {
  readonly code: string;
  readonly verifier: string;
}

/** The flows of one target; keeps its keys imported and its connections open. */
export class Flows {
  readonly #clients: HttpClient[];
  #next = 0;
  #individual = 0;

  private constructor(
    readonly target: Target,
    readonly fixture: Fixture,
    readonly rpKey: CryptoKey,
    readonly walletKey: CryptoKey,
    readonly holderKey: CryptoKey,
    sockets: number,
  ) {
    this.#clients = target.urls.map((u) => new HttpClient(u, sockets));
  }

  static async open(target: Target, fixture: Fixture, sockets: number): Promise<Flows> {
    const key = (jwk: JWK) => importJWK({ ...jwk, alg: "ES256" }, "ES256") as Promise<CryptoKey>;
    return new Flows(target, fixture, await key(fixture.rp.privateJwk), await key(fixture.wallet.privateJwk), await key(fixture.holder.privateJwk), sockets);
  }

  close(): void {
    for (const c of this.#clients) c.close();
  }

  /**
   * The next gateway, round robin per flow: with two instances, consecutive flows land on
   * different ones. A flow stays on one instance because the mock identity system keeps its OTPs
   * and KYC tokens in that process's memory (a real identity system is shared by every instance).
   */
  #http(): HttpClient {
    const c = this.#clients[this.#next]!;
    this.#next = (this.#next + 1) % this.#clients.length;
    return c;
  }

  #person(): string {
    const ids = this.fixture.individuals;
    return ids[this.#individual++ % ids.length]!;
  }

  /** A fresh `private_key_jwt` assertion for the token endpoint (RFC 7523 §3). */
  assertion(clientId = this.fixture.rp.clientId, key = this.rpKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: clientId, sub: clientId, aud: `${this.target.issuer}/token`, jti: randomUUID(), iat: now, exp: now + 120 })
      .setProtectedHeader({ alg: "ES256" })
      .sign(key);
  }

  /** The browser part of an OTP login with consent: authorization request to the code. */
  login(via = this.#http()): Promise<Code> {
    return this.target.kind === "signet" ? this.#signetLogin(via) : this.#peerLogin(via);
  }

  async #signetLogin(http: HttpClient): Promise<Code> {
    const jar = new CookieJar();
    const { verifier, challenge } = pkce();
    const q = new URLSearchParams({
      client_id: this.fixture.rp.clientId, redirect_uri: this.fixture.rp.redirectUri, response_type: "code",
      scope: "openid profile email", state: randomUUID(), nonce: randomUUID(), code_challenge: challenge,
      code_challenge_method: "S256", prompt: "consent", acr_values: "mosip:idp:acr:generated-code",
    });
    const loginPage = expect(await http.get(`/authorize?${q}`, jar), 200, "authorize");
    const individualId = this.#person();
    const sent = expect(await http.postForm("/login/otp/send", { ...hiddenFields(loginPage.body, "/login/otp/send"), individual_id: individualId }, jar), 200, "send OTP");
    const consent = expect(await http.postForm("/login/otp", { ...hiddenFields(sent.body, "/login/otp"), individual_id: individualId, otp: OTP }, jar), 200, "login");
    const done = expect(await http.postForm("/consent", { ...hiddenFields(consent.body, "/consent"), claim: claimInputs(consent.body), action: "allow" }, jar), 303, "consent");
    return { code: codeOf(done), verifier };
  }

  async #peerLogin(http: HttpClient): Promise<Code> {
    const jar = new CookieJar();
    const { verifier, challenge } = pkce();
    const q = new URLSearchParams({
      client_id: this.fixture.rp.clientId, redirect_uri: this.fixture.rp.redirectUri, response_type: "code",
      scope: "openid profile email", state: randomUUID(), nonce: randomUUID(), code_challenge: challenge,
      code_challenge_method: "S256", prompt: "consent",
    });
    const toLogin = expect(await http.get(`/auth?${q}`, jar), 303, "authorize");
    const loginPage = expect(await http.get(toLogin.location!, jar), 200, "login page");
    const individualId = this.#person();
    const sendAction = /action="([^"]*send-otp)"/.exec(loginPage.body)![1]!;
    const sent = expect(await http.postForm(sendAction, { ...hiddenFields(loginPage.body, "/send-otp"), individual_id: individualId }, jar), 200, "send OTP");
    const loginAction = /action="([^"]*\/login)"/.exec(sent.body)![1]!;
    const loggedIn = expect(await http.postForm(loginAction, { ...hiddenFields(sent.body, "/login"), otp: OTP }, jar), 303, "login");
    const toConsent = expect(await http.get(loggedIn.location!, jar), 303, "resume after login");
    const consentPage = expect(await http.get(toConsent.location!, jar), 200, "consent page");
    const confirmAction = /action="([^"]*\/confirm)"/.exec(consentPage.body)![1]!;
    const confirmed = expect(await http.postForm(confirmAction, { ...hiddenFields(consentPage.body, "/confirm"), claim: claimInputs(consentPage.body), action: "allow" }, jar), 303, "consent");
    const done = expect(await http.get(confirmed.location!, jar), 303, "resume after consent");
    return { code: codeOf(done), verifier };
  }

  /** Exchanges a code at the token endpoint; returns the access token. */
  async token(code: Code, assertion?: string, via = this.#http()): Promise<string> {
    const reply = await via.postForm("/token", {
      grant_type: "authorization_code", code: code.code, redirect_uri: this.fixture.rp.redirectUri, code_verifier: code.verifier,
      client_id: this.fixture.rp.clientId, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion ?? (await this.assertion()),
    });
    expect(reply, 200, "token");
    const body = JSON.parse(reply.body) as { access_token?: string; id_token?: string };
    if (!body.access_token || !body.id_token) throw new Error(`token: no access or ID token: ${reply.body.slice(0, 200)}`);
    return body.access_token;
  }

  /** Signed userinfo (application/jwt). */
  async userinfo(accessToken: string, via = this.#http()): Promise<void> {
    const path = this.target.kind === "signet" ? "/userinfo" : "/me";
    const reply = expect(await via.get(path, undefined, { authorization: `Bearer ${accessToken}` }), 200, "userinfo");
    if (!reply.contentType.startsWith("application/jwt")) throw new Error(`userinfo: expected application/jwt, got ${reply.contentType}`);
  }

  /** The whole login: pages, token, userinfo. */
  async fullLogin(): Promise<void> {
    const via = this.#http();
    await this.userinfo(await this.token(await this.login(via), undefined, via), via);
  }

  /** A code and the gateway that issued it (token exchange and userinfo must stay there, see #http). */
  async codeAt(): Promise<{ code: Code; via: HttpClient }> {
    const via = this.#http();
    return { code: await this.login(via), via };
  }

  /** An access token and the gateway it works at. */
  async accessTokenAt(): Promise<{ token: string; via: HttpClient }> {
    const via = this.#http();
    return { token: await this.token(await this.login(via), undefined, via), via };
  }

  /** Signet only: a wallet login (PIN, credential scope, auto-consent) and its access token. */
  async walletToken(): Promise<{ token: string; via: HttpClient }> {
    const http = this.#http();
    const jar = new CookieJar();
    const { verifier, challenge } = pkce();
    const q = new URLSearchParams({
      client_id: this.fixture.wallet.clientId, redirect_uri: this.fixture.wallet.redirectUri, response_type: "code",
      scope: "national_id_vc_sd_jwt", state: randomUUID(), code_challenge: challenge, code_challenge_method: "S256",
      resource: this.target.issuer, acr_values: "mosip:idp:acr:generated-code",
    });
    const page = expect(await http.get(`/authorize?${q}`, jar), 200, "wallet authorize");
    const individualId = this.#person();
    const sent = expect(await http.postForm("/login/otp/send", { ...hiddenFields(page.body, "/login/otp/send"), individual_id: individualId }, jar), 200, "wallet send OTP");
    const done = expect(await http.postForm("/login/otp", { ...hiddenFields(sent.body, "/login/otp"), individual_id: individualId, otp: OTP }, jar), 303, "wallet login");
    const reply = await http.postForm("/token", {
      grant_type: "authorization_code", code: codeOf(done), redirect_uri: this.fixture.wallet.redirectUri, code_verifier: verifier,
      resource: this.target.issuer, client_id: this.fixture.wallet.clientId, client_assertion_type: ASSERTION_TYPE,
      client_assertion: await this.assertion(this.fixture.wallet.clientId, this.walletKey),
    });
    expect(reply, 200, "wallet token");
    return { token: (JSON.parse(reply.body) as { access_token: string }).access_token, via: http };
  }

  /** Signet only: one credential — a fresh c_nonce, a key proof over it, POST /credential. */
  async credential(accessToken: string, via = this.#http()): Promise<void> {
    const nonce = expect(await via.postJson("/nonce", {}), 200, "nonce");
    const cNonce = (JSON.parse(nonce.body) as { c_nonce: string }).c_nonce;
    const proof = await new SignJWT({ aud: this.target.issuer, iss: this.fixture.wallet.clientId, iat: Math.floor(Date.now() / 1000), nonce: cNonce })
      .setProtectedHeader({ alg: "ES256", typ: "openid4vci-proof+jwt", jwk: this.fixture.holder.publicJwk })
      .sign(this.holderKey);
    expect(
      await via.postJson("/credential", { credential_configuration_id: "NationalIdCredential_dc_sd_jwt", proofs: { jwt: [proof] } }, { authorization: `Bearer ${accessToken}` }),
      200,
      "credential",
    );
  }
}

function codeOf(reply: Reply): string {
  const code = reply.location ? new URL(reply.location).searchParams.get("code") : null;
  if (!code) throw new Error(`no code in the redirect: ${reply.location}`);
  return code;
}
