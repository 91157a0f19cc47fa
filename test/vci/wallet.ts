/**
 * The wallet's side of the OpenID4VCI proof: `@openid4vc/openid4vci` + `@openid4vc/oauth2` driven with
 * jose / node:crypto callbacks, a cookie-keeping browser that logs in on Signet's real pages, and
 * private_key_jwt client authentication at the token endpoint. Nothing here reaches into the core.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { HashAlgorithm, Oauth2Client, type CallbackContext, type Jwk } from "@openid4vc/oauth2";
import { Openid4vciClient, setGlobalConfig, type IssuerMetadataResult } from "@openid4vc/openid4vci";
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import type { RegisteredClient, SignetUnderTest } from "../helpers/signet.js";

// Signet under test listens on http://127.0.0.1; the library insists on https unless told otherwise.
setGlobalConfig({ allowInsecureUrls: true });

export const INDIVIDUAL = { id: "8267411571", pin: "545411" } as const;
export const WALLET_REDIRECT = "io.example.wallet:/callback";
export const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** A holder key the wallet proves possession of. */
export interface HolderKey {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly alg: "ES256" | "EdDSA";
}

export async function holderKey(alg: "ES256" | "EdDSA" = "ES256"): Promise<HolderKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
  return { privateKey, publicJwk: await exportJWK(publicKey), alg };
}

const hashName: Record<HashAlgorithm, string> = {
  [HashAlgorithm.Sha256]: "sha256",
  [HashAlgorithm.Sha384]: "sha384",
  [HashAlgorithm.Sha512]: "sha512",
};

/**
 * The library's callbacks. `signJwt` signs with whichever registered key matches the signer's
 * public JWK (the holder's proof key); `clientAuthentication` adds a private_key_jwt assertion
 * (RFC 7523 §2.2) to token-endpoint requests — the library has no built-in for it.
 */
export function walletCallbacks(client: RegisteredClient, keys: readonly HolderKey[]): Omit<CallbackContext, "verifyJwt" | "decryptJwe" | "encryptJwe"> {
  const byThumbprint = async (jwk: Jwk) => {
    const t = await calculateJwkThumbprint(jwk as JWK);
    for (const k of keys) if ((await calculateJwkThumbprint(k.publicJwk)) === t) return k;
    throw new Error("signJwt: no holder key matches the signer");
  };
  return {
    fetch: (input, init) => fetch(input, init),
    hash: (data, alg) => new Uint8Array(createHash(hashName[alg]).update(data).digest()),
    generateRandom: (n) => new Uint8Array(randomBytes(n)),
    async signJwt(signer, { header, payload }) {
      if (signer.method !== "jwk") throw new Error(`signJwt: signer method ${signer.method} is not used by this wallet`);
      const key = await byThumbprint(signer.publicJwk);
      const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader(header as never)
        .sign(key.privateKey);
      return { jwt, signerJwk: signer.publicJwk };
    },
    async clientAuthentication({ url, body, authorizationServerMetadata }) {
      if (url !== authorizationServerMetadata.token_endpoint) return;
      const now = Math.floor(Date.now() / 1000);
      body["client_id"] = client.clientId;
      body["client_assertion_type"] = ASSERTION_TYPE;
      body["client_assertion"] = await new SignJWT({ iss: client.clientId, sub: client.clientId, aud: url, jti: randomUUID(), iat: now, exp: now + 60 })
        .setProtectedHeader({ alg: client.alg })
        .sign(client.privateKey);
    },
  };
}

/** A fetch that keeps cookies and never follows redirects: the wallet's system browser. */
export class Browser {
  readonly #cookies = new Map<string, string>();

  async request(url: string, form?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = {};
    const cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (cookie) headers["cookie"] = cookie;
    if (form) headers["content-type"] = "application/x-www-form-urlencoded";
    const res = await fetch(url, { method: form ? "POST" : "GET", headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(";")[0]!;
      const eq = pair.indexOf("=");
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      if (value === "" || /max-age=0/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return res;
  }
}

const unescapeHtml = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The hidden fields of the form posting to `action`. */
export function formFields(html: string, action: string): Record<string, string> {
  const form = [...html.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].find((m) => unescapeHtml(m[1]!).endsWith(action));
  if (!form) throw new Error(`no form posting to ${action}:\n${html.slice(0, 1500)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name && !(name in fields)) fields[name] = unescapeHtml(/value="([^"]*)"/.exec(input[0])?.[1] ?? "");
  }
  return fields;
}

/**
 * Opens the authorization URL and logs in with the PIN form. Credential scopes are consented
 * automatically, so the login answers 303 straight to the wallet's redirect URI; returns it.
 */
export async function loginWithPin(issuer: string, authorizationUrl: string): Promise<string> {
  const browser = new Browser();
  const page = await browser.request(authorizationUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`authorization page: ${page.status}: ${html.slice(0, 1500)}`);
  const res = await browser.request(`${issuer}/login/pin`, { ...formFields(html, "/login/pin"), individual_id: INDIVIDUAL.id, pin: INDIVIDUAL.pin });
  if (res.status !== 303) throw new Error(`PIN login: expected 303, got ${res.status}: ${(await res.text()).slice(0, 1500)}`);
  return res.headers.get("location")!;
}

/** A wallet: its registration at Signet, the library clients, and what it has learned so far. */
export interface Wallet {
  readonly client: RegisteredClient;
  readonly holder: HolderKey;
  readonly vci: Openid4vciClient;
  readonly oauth2: Oauth2Client;
  readonly metadata: IssuerMetadataResult;
}

export async function createWallet(signet: SignetUnderTest, holder?: HolderKey): Promise<Wallet> {
  const client = await signet.registerClient({ redirectUri: WALLET_REDIRECT, allowedClaims: [] });
  const key = holder ?? (await holderKey());
  const callbacks = walletCallbacks(client, [key]);
  const vci = new Openid4vciClient({ callbacks });
  const oauth2 = new Oauth2Client({ callbacks });
  const metadata = await vci.resolveIssuerMetadata(signet.issuer);
  return { client, holder: key, vci, oauth2, metadata };
}

/**
 * The wallet-initiated authorization code flow (OpenID4VCI 1.0 §3.3.1): the library builds the
 * authorization URL (scope, PKCE S256, `resource` = the credential issuer), the browser logs in,
 * the library checks the response (`state`, `iss`) and redeems the code with private_key_jwt.
 */
export async function authorizeWallet(signet: SignetUnderTest, wallet: Wallet, scope: string) {
  const as = wallet.metadata.authorizationServers[0]!;
  const state = randomUUID();
  const { authorizationRequestUrl, pkce } = await wallet.oauth2.createAuthorizationRequestUrl({
    authorizationServerMetadata: as,
    clientId: wallet.client.clientId,
    redirectUri: wallet.client.redirectUri,
    scope,
    state,
    resource: wallet.metadata.credentialIssuer.credential_issuer,
  });
  const location = await loginWithPin(signet.issuer, authorizationRequestUrl);
  const response = wallet.oauth2.parseAuthorizationResponseRedirectUrl({ url: location });
  if (response.error) throw new Error(`authorization failed: ${response.error} ${String(response.error_description ?? "")}`);
  if (response.state !== state) throw new Error("state mismatch");
  if (response.iss !== as.issuer) throw new Error(`iss mismatch: ${response.iss}`);
  const { accessTokenResponse } = await wallet.oauth2.retrieveAuthorizationCodeAccessToken({
    authorizationServerMetadata: as,
    authorizationCode: response.code!,
    pkceCodeVerifier: pkce!.codeVerifier,
    redirectUri: wallet.client.redirectUri,
    resource: wallet.metadata.credentialIssuer.credential_issuer,
  });
  return { accessTokenResponse, authorizationRequestUrl, pkce: pkce! };
}

/** Nonce endpoint → proof (`openid4vci-proof+jwt`) → credential endpoint, all by the library. */
export async function obtainCredential(wallet: Wallet, accessToken: string, credentialConfigurationId: string) {
  const { c_nonce } = await wallet.vci.requestNonce({ issuerMetadata: wallet.metadata });
  const { jwt } = await wallet.vci.createCredentialRequestJwtProof({
    issuerMetadata: wallet.metadata,
    credentialConfigurationId,
    signer: { method: "jwk", publicJwk: wallet.holder.publicJwk as Jwk, alg: wallet.holder.alg },
    nonce: c_nonce,
    clientId: wallet.client.clientId,
  });
  const result = await wallet.vci.retrieveCredentials({
    issuerMetadata: wallet.metadata,
    accessToken,
    credentialConfigurationId,
    proofs: { jwt: [jwt] },
  });
  return { ...result, proofJwt: jwt, cNonce: c_nonce };
}

/** The one credential of a 1.0 credential response (`credentials[0].credential`). */
export function firstCredential(response: { credentials?: unknown[] | undefined }): unknown {
  const [first] = response.credentials ?? [];
  if (typeof first !== "object" || first === null || !("credential" in first)) throw new Error("no credentials[0].credential in the response");
  return first.credential;
}
