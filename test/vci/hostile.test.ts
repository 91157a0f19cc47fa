import test, { type ExecutionContext } from "ava";
import { generateKeyPair, exportJWK, decodeJwt } from "jose";
import { clientAssertion } from "../helpers/assertion.js";
import { pkcePair } from "../helpers/pkce.js";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { freshNonce, issuanceLog, postCredential, proofJwt, unsignedJwt, type HttpAnswer } from "./http-client.js";
import { ASSERTION_TYPE, authorizeWallet, Browser, createWallet, WALLET_REDIRECT, type Wallet } from "./wallet.js";

const SD_JWT = "NationalIdCredential_dc_sd_jwt";
let signet: SignetUnderTest;
const log = issuanceLog();
let wallet: Wallet;
let token: string;

test.before(async () => {
  signet = await startSignet({ logger: log.logger });
  wallet = await createWallet(signet);
  token = (await authorizeWallet(signet, wallet, "national_id_vc_sd_jwt")).accessTokenResponse.access_token;
});
test.after.always(async () => {
  await signet?.stop();
});

/** Runs `request` and asserts Signet answered `status`/`error` and issued nothing. */
async function refused(t: ExecutionContext, request: () => Promise<HttpAnswer>, status: number, error: string): Promise<HttpAnswer> {
  const before = log.issued();
  const answer = await request();
  t.is(answer.status, status, JSON.stringify(answer.body));
  t.is(answer.body.error, error);
  t.false("credential" in answer.body || "credentials" in answer.body, "no credential in the response");
  t.is(log.issued(), before, "no credential.issued event");
  t.is(answer.headers.get("cache-control"), "no-store");
  return answer;
}

const request1 = (jwt: string, id = SD_JWT) => ({ credential_configuration_id: id, proofs: { jwt: [jwt] } });
const proof = async (o: Partial<Parameters<typeof proofJwt>[0]> = {}) =>
  (await proofJwt({ issuer: signet.issuer, clientId: wallet.client.clientId, nonce: await freshNonce(signet.issuer), ...o })).jwt;

test.serial("control: a well-formed proof with a fresh nonce is issued exactly one credential", async (t) => {
  const before = log.issued();
  const ok = await postCredential(signet.issuer, token, request1(await proof()));
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.is((ok.body.credentials as unknown[]).length, 1);
  t.is(log.issued(), before + 1);
});

test.serial("a reused nonce is invalid_nonce, and the error offers a fresh c_nonce", async (t) => {
  const nonce = await freshNonce(signet.issuer);
  const first = await postCredential(signet.issuer, token, request1(await proof({ nonce })));
  t.is(first.status, 200);
  const again = await refused(t, async () => postCredential(signet.issuer, token, request1(await proof({ nonce }))), 400, "invalid_nonce");
  t.is(typeof again.body.c_nonce, "string");
  t.not(again.body.c_nonce, nonce);
});

test.serial("a nonce Signet never issued is invalid_nonce", async (t) => {
  await refused(t, async () => postCredential(signet.issuer, token, request1(await proof({ nonce: "made-up-by-the-wallet" }))), 400, "invalid_nonce");
});

test.serial("a proof signed by a key other than the one in its header is invalid_proof", async (t) => {
  const other = await generateKeyPair("ES256", { extractable: true });
  const answer = await refused(t, async () => postCredential(signet.issuer, token, request1(await proof({ signWith: other.privateKey }))), 400, "invalid_proof");
  t.regex(String(answer.body.error_description), /signature/);
});

test.serial("alg none is invalid_proof", async (t) => {
  const holder = await generateKeyPair("ES256", { extractable: true });
  const jwt = unsignedJwt(
    { alg: "none", typ: "openid4vci-proof+jwt", jwk: await exportJWK(holder.publicKey) },
    { aud: signet.issuer, iss: wallet.client.clientId, nonce: await freshNonce(signet.issuer), iat: Math.floor(Date.now() / 1000) },
  );
  const answer = await refused(t, () => postCredential(signet.issuer, token, request1(jwt)), 400, "invalid_proof");
  t.regex(String(answer.body.error_description), /none/);
});

test.serial("a proof for another issuer (aud) is invalid_proof", async (t) => {
  const answer = await refused(t, async () => postCredential(signet.issuer, token, request1(await proof({ claims: { aud: "https://other-issuer.example" } }))), 400, "invalid_proof");
  t.regex(String(answer.body.error_description), /aud/);
});

test.serial("a private key in the proof header is invalid_proof", async (t) => {
  const holder = await generateKeyPair("ES256", { extractable: true });
  const privateJwk = await exportJWK(holder.privateKey);
  t.truthy(privateJwk.d);
  await refused(t, async () => postCredential(signet.issuer, token, request1(await proof({ signWith: holder.privateKey, header: { jwk: privateJwk } }))), 400, "invalid_proof");
});

test.serial("a proof of the wrong typ is invalid_proof", async (t) => {
  await refused(t, async () => postCredential(signet.issuer, token, request1(await proof({ header: { typ: "JWT" } }))), 400, "invalid_proof");
});

test.serial("no proof at all is invalid_proof", async (t) => {
  await refused(t, () => postCredential(signet.issuer, token, { credential_configuration_id: SD_JWT }), 400, "invalid_proof");
});

test.serial("an unknown credential_configuration_id is unknown_credential_configuration", async (t) => {
  await refused(t, async () => postCredential(signet.issuer, token, request1(await proof(), "PassportCredential_dc_sd_jwt")), 400, "unknown_credential_configuration");
});

test.serial("a draft-13 request for a format Signet does not issue is unsupported_credential_format", async (t) => {
  await refused(
    t,
    async () => postCredential(signet.issuer, token, { format: "mso_mdoc", doctype: "org.iso.18013.5.1.mDL", proof: { proof_type: "jwt", jwt: await proof() } }),
    400,
    "unsupported_credential_format",
  );
});

test.serial("a configuration the access token does not cover is insufficient_scope (RFC 6750 §3.1, OpenID4VCI 1.0 §8.3.1.1)", async (t) => {
  const answer = await refused(t, async () => postCredential(signet.issuer, token, request1(await proof(), "NationalIdCredential_jwt_vc_json")), 403, "insufficient_scope");
  t.regex(answer.headers.get("www-authenticate") ?? "", /^Bearer .*error="insufficient_scope"/);
});

test.serial("an OIDC access token (no credential scope) at /credential is 401 invalid_token with WWW-Authenticate", async (t) => {
  const rp = await signet.registerClient();
  const { verifier, challenge } = pkcePair();
  const { transaction: tx } = await signet.identity.authorize({
    clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid", codeChallenge: challenge, codeChallengeMethod: "S256",
  });
  const authed = await signet.identity.authenticate({
    transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, individualId: "8267411571", challenges: [{ challenge: { case: "pin", value: "545411" } }],
  });
  t.truthy(authed.transaction);
  const code = await signet.identity.issueCode({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, acceptedClaims: [] });
  const tokens = await signet.identity.exchangeToken({
    grantType: "authorization_code", code: code.code, redirectUri: rp.redirectUri, codeVerifier: verifier,
    clientAssertionType: ASSERTION_TYPE, clientAssertion: await clientAssertion(rp, `${signet.issuer}/token`),
  });
  t.truthy(tokens.idToken, "an OIDC token response");
  t.is(decodeJwt(tokens.accessToken).aud, rp.clientId);
  const answer = await refused(t, async () => postCredential(signet.issuer, tokens.accessToken, request1(await proof({ clientId: rp.clientId }))), 401, "invalid_token");
  t.regex(answer.headers.get("www-authenticate") ?? "", /^Bearer realm="[^"]+", error="invalid_token"/);
});

test.serial("no bearer token at all is 401 with a bare Bearer challenge", async (t) => {
  const res = await fetch(`${signet.issuer}/credential`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request1("x")) });
  t.is(res.status, 401);
  t.regex(res.headers.get("www-authenticate") ?? "", /^Bearer realm=/);
  t.notRegex(res.headers.get("www-authenticate") ?? "", /error=/, "RFC 6750 §3.1: no error code when no token was sent");
});

/** Opens /authorize for the wallet with `params` and returns the redirect's query (the error goes to the wallet). */
async function authorizeError(t: ExecutionContext, params: Record<string, string>) {
  const { challenge } = pkcePair();
  const url = new URL(`${signet.issuer}/authorize`);
  const all = { client_id: wallet.client.clientId, redirect_uri: WALLET_REDIRECT, response_type: "code", code_challenge: challenge, code_challenge_method: "S256", state: "s-1", ...params };
  for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  const res = await new Browser().request(url.href);
  t.is(res.status, 302, await res.clone().text());
  const location = new URL(res.headers.get("location")!);
  t.is(`${location.protocol}${location.pathname}`, WALLET_REDIRECT, "redirected to the wallet");
  t.is(location.searchParams.get("state"), "s-1");
  t.is(location.searchParams.get("iss"), signet.issuer);
  t.falsy(location.searchParams.get("code"));
  return location.searchParams;
}

test.serial("an OpenID scope mixed with a credential scope at /authorize is invalid_scope, redirected to the wallet", async (t) => {
  const q = await authorizeError(t, { scope: "openid national_id_vc_sd_jwt", resource: signet.issuer });
  t.is(q.get("error"), "invalid_scope");
});

test.serial("a resource that is not this issuer is invalid_target at /authorize, redirected to the wallet", async (t) => {
  const q = await authorizeError(t, { scope: "national_id_vc_sd_jwt", resource: "https://other-issuer.example" });
  t.is(q.get("error"), "invalid_target");
});

test.serial("a resource that is not this issuer is invalid_target at /token", async (t) => {
  const other = await createWallet(signet);
  const as = other.metadata.authorizationServers[0]!;
  const { authorizationRequestUrl, pkce } = await other.oauth2.createAuthorizationRequestUrl({
    authorizationServerMetadata: as, clientId: other.client.clientId, redirectUri: other.client.redirectUri, scope: "national_id_vc_sd_jwt", resource: signet.issuer,
  });
  const { loginWithPin } = await import("./wallet.js");
  const code = new URL(await loginWithPin(signet.issuer, authorizationRequestUrl)).searchParams.get("code")!;
  const res = await fetch(as.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code", code, redirect_uri: other.client.redirectUri, code_verifier: pkce!.codeVerifier, resource: "https://other-issuer.example",
      client_id: other.client.clientId, client_assertion_type: ASSERTION_TYPE, client_assertion: await clientAssertion(other.client, as.token_endpoint),
    }),
  });
  t.is(res.status, 400);
  t.is(((await res.json()) as { error: string }).error, "invalid_target");
});

test.serial("draft 13 over HTTP: format + vct and a single proof get {credential, c_nonce, c_nonce_expires_in}", async (t) => {
  const before = log.issued();
  const answer = await postCredential(signet.issuer, token, {
    format: "vc+sd-jwt", vct: "urn:signet:vct:national-id:1", proof: { proof_type: "jwt", jwt: await proof() },
  });
  t.is(answer.status, 200, JSON.stringify(answer.body));
  t.is(typeof answer.body.credential, "string");
  t.false("credentials" in answer.body);
  t.is(typeof answer.body.c_nonce, "string");
  t.true((answer.body.c_nonce_expires_in as number) > 0);
  t.is(log.issued(), before + 1);
  // The c_nonce handed back is usable for the next draft-13 request.
  const next = await postCredential(signet.issuer, token, {
    format: "dc+sd-jwt", vct: "urn:signet:vct:national-id:1", proof: { proof_type: "jwt", jwt: await proof({ nonce: answer.body.c_nonce as string }) },
  });
  t.is(next.status, 200, JSON.stringify(next.body));
});

test.serial("draft 13 over HTTP: format + credential_definition for jwt_vc_json and ldp_vc", async (t) => {
  const w = await createWallet(signet);
  for (const [scope, format, definition] of [
    ["national_id_vc_jwt", "jwt_vc_json", { type: ["VerifiableCredential", "NationalIdCredential"] }],
    ["national_id_vc_ldp", "ldp_vc", { "@context": ["https://www.w3.org/ns/credentials/v2", `${signet.issuer}/contexts/credentials/v1`], type: ["VerifiableCredential", "NationalIdCredential"] }],
  ] as const) {
    const at = (await authorizeWallet(signet, w, scope)).accessTokenResponse.access_token;
    const answer = await postCredential(signet.issuer, at, {
      format, credential_definition: definition, proof: { proof_type: "jwt", jwt: await proof({ clientId: w.client.clientId }) },
    });
    t.is(answer.status, 200, JSON.stringify(answer.body));
    t.is(typeof answer.body.credential, format === "ldp_vc" ? "object" : "string", format);
    t.is(typeof answer.body.c_nonce, "string");
  }
});

test.serial("draft 13 over HTTP: a format Signet issues but with a type it does not is invalid_credential_request", async (t) => {
  await refused(
    t,
    async () => postCredential(signet.issuer, token, { format: "dc+sd-jwt", vct: "urn:other:vct", proof: { proof_type: "jwt", jwt: await proof() } }),
    400,
    "invalid_credential_request",
  );
});

test.serial("an access token revoked by a replayed authorization code is 401 invalid_token at /credential", async (t) => {
  const w = await createWallet(signet);
  const as = w.metadata.authorizationServers[0]!;
  const { authorizationRequestUrl, pkce } = await w.oauth2.createAuthorizationRequestUrl({
    authorizationServerMetadata: as, clientId: w.client.clientId, redirectUri: w.client.redirectUri, scope: "national_id_vc_sd_jwt", resource: signet.issuer,
  });
  const { loginWithPin } = await import("./wallet.js");
  const code = new URL(await loginWithPin(signet.issuer, authorizationRequestUrl)).searchParams.get("code")!;
  const redeem = () => w.oauth2.retrieveAuthorizationCodeAccessToken({
    authorizationServerMetadata: as, authorizationCode: code, pkceCodeVerifier: pkce!.codeVerifier, redirectUri: w.client.redirectUri, resource: signet.issuer,
  });
  const { accessTokenResponse } = await redeem();
  await t.throwsAsync(redeem(), undefined, "the code is single-use");
  const answer = await refused(
    t,
    async () => postCredential(signet.issuer, accessTokenResponse.access_token, request1((await proofJwt({ issuer: signet.issuer, clientId: w.client.clientId, nonce: await freshNonce(signet.issuer) })).jwt)),
    401,
    "invalid_token",
  );
  t.regex(String(answer.body.error_description), /revoked/);
});
