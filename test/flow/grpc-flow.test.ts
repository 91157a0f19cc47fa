/**
 * The login over gRPC alone, on one Signet: the whole flow, what Authorize refuses by name, and
 * an OAuth 2.0-only token at userinfo.
 */
import test from "ava";
import { ConnectError } from "@connectrpc/connect";
import { createLocalJWKSet, jwtVerify, decodeJwt } from "jose";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { grpcJsIdentityClient } from "../helpers/grpc-js-client.js";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { clientAssertion } from "../helpers/assertion.js";
import { pkcePair } from "../helpers/pkce.js";

let signet: SignetUnderTest;
test.before(async () => {
  signet = await startSignet();
});
test.after.always(async () => {
  await signet?.stop();
});

test("an internal system logs a resident in over gRPC alone: Authorize → SendOtp → Authenticate → IssueCode → ExchangeToken → GetUserInfo", async (t) => {
  const rp = await signet.registerClient();
  const g = grpcJsIdentityClient(signet.coreUrl);
  t.teardown(() => g.close());
  const { verifier, challenge } = pkcePair();
  const authz = await g.call("authorize", {
    clientId: rp.clientId,
    redirectUri: rp.redirectUri,
    responseType: "code",
    scope: "openid profile email",
    state: "st-1",
    nonce: "n-grpc-flow",
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    acrValues: "mosip:idp:acr:generated-code",
  });
  const tx = authz.transaction!;
  t.is(tx.authFactorSets[0]?.acr, "mosip:idp:acr:generated-code");

  const sent = await g.call("sendOtp", { transactionId: tx.transactionId, csrfToken: tx.csrfToken, individualId: "8267411571" });
  // No masked contact by default: the answer must not tell registered ids from others.
  t.deepEqual([sent.maskedEmail, sent.maskedMobile], ["", ""]);
  // The answer carries the transaction as GetTransaction shows it: the code page needs no second call.
  const shown = await g.call("getTransaction", { transactionId: tx.transactionId, csrfToken: tx.csrfToken });
  t.truthy(sent.transaction);
  t.deepEqual(sent.transaction, shown.transaction);
  const authed = await g.call("authenticate", {
    transactionId: tx.transactionId,
    csrfToken: tx.csrfToken,
    individualId: "8267411571",
    challenges: [{ challenge: { case: "otp", value: "111111" } }],
  });
  t.true(authed.transaction!.consentRequired);

  const code = await g.call("issueCode", { transactionId: tx.transactionId, csrfToken: tx.csrfToken, acceptedClaims: ["name", "email"] });
  t.is(code.state, "st-1");
  t.is(code.iss, signet.issuer);
  t.true(code.redirectUrl.startsWith(`${rp.redirectUri}?code=`));

  const tokens = await g.call("exchangeToken", {
    grantType: "authorization_code",
    code: code.code,
    redirectUri: rp.redirectUri,
    codeVerifier: verifier,
    clientAssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    clientAssertion: await clientAssertion(rp, `${signet.issuer}/token`),
  });
  t.is(tokens.tokenType, "Bearer");
  const jwks = await g.call("getJwks", {});
  const keySet = createLocalJWKSet(jwks.jwks as never);
  const { payload: id } = await jwtVerify(tokens.idToken, keySet, { issuer: signet.issuer, audience: rp.clientId });
  t.is(id.nonce, "n-grpc-flow");
  t.is(id.acr, "mosip:idp:acr:generated-code");
  t.deepEqual(id.amr, ["otp"]);
  t.is(decodeJwt(tokens.accessToken).client_id, rp.clientId);

  const info = await g.call("getUserInfo", { accessToken: tokens.accessToken });
  t.is(info.contentType, "application/jwt");
  const { payload: claims } = await jwtVerify(info.body, keySet, { issuer: signet.issuer, audience: rp.clientId });
  t.is(claims.sub, id.sub);
  t.truthy(claims.name);
  t.truthy(claims.email);
  t.is(claims.birthdate, undefined, "only consented claims are released");

  // Codes, tokens and nonces never appear in storage in clear (only hashes, or sealed values).
  const db = signet.runtime.db;
  const stored = JSON.stringify([
    await db("transactions").select(),
    await db("authorization_codes").select(),
    await db("issued_tokens").select(),
    await db("replay_entries").select(),
  ]);
  for (const secret of ["n-grpc-flow", code.code, tokens.accessToken, tx.csrfToken]) {
    t.false(stored.includes(secret), "a secret is stored in clear");
  }
});

test("request objects and request_uri are refused by name and redirected to the verified client, not silently ignored (OIDC Core §3.1.2.6)", async (t) => {
  const rp = await signet.registerClient();
  const base = { clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid", state: "s1", codeChallenge: pkcePair().challenge, codeChallengeMethod: "S256" };
  for (const [field, value, error] of [
    ["request", "eyJhbGciOiJub25lIn0.e30.", "request_not_supported"],
    ["requestUri", "urn:ietf:params:oauth:request_uri:abc", "request_uri_not_supported"],
  ] as const) {
    const err = await t.throwsAsync(signet.identity.authorize({ ...base, [field]: value }));
    const detail = ConnectError.from(err).findDetails(ErrorDetailSchema)[0];
    t.is(detail?.error, error);
    t.is(detail?.redirectUri, rp.redirectUri);
    t.is(detail?.state, "s1");
    t.is(detail?.iss, signet.issuer);
  }
  t.is((await signet.runtime.db("transactions").where({ client_id: rp.clientId }).count({ n: "*" }))[0]?.n, 0, "no transaction was opened");
});

test("an OAuth 2.0-only access token (authorize scopes, no openid) is refused at userinfo with 403 insufficient_scope and no ID token is issued", async (t) => {
  const rp = await signet.registerClient();
  const pkce = pkcePair();
  const { transaction: tx } = await signet.identity.authorize({
    clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "Manage-VID",
    codeChallenge: pkce.challenge, codeChallengeMethod: "S256", acrValues: "mosip:idp:acr:static-code",
  });
  await signet.identity.authenticate({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, individualId: "8267411571", challenges: [{ challenge: { case: "pin", value: "545411" } }] });
  const code = await signet.identity.issueCode({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, permittedScopes: ["Manage-VID"] });
  const tokens = await signet.identity.exchangeToken({
    grantType: "authorization_code", code: code.code, redirectUri: rp.redirectUri, codeVerifier: pkce.verifier,
    clientAssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", clientAssertion: await clientAssertion(rp, `${signet.issuer}/token`),
  });
  t.is(tokens.idToken, "");
  t.is(tokens.scope, "Manage-VID");
  const res = await fetch(`${signet.issuer}/userinfo`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
  t.is(res.status, 403);
  t.regex(res.headers.get("www-authenticate") ?? "", /error="insufficient_scope"/);
});
