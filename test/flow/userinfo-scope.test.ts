import test from "ava";
import { startSignet } from "../helpers/signet.js";
import { clientAssertion } from "../helpers/assertion.js";
import { pkcePair } from "../helpers/pkce.js";

test("an OAuth 2.0-only access token (authorize scopes, no openid) is refused at userinfo with 403 insufficient_scope and no ID token is issued", async (t) => {
  const signet = await startSignet();
  t.teardown(() => signet.stop());
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
