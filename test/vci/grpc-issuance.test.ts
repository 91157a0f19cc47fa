import test from "ava";
import { ConnectError } from "@connectrpc/connect";
import { SignJWT, exportJWK, generateKeyPair, decodeJwt } from "jose";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
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

async function walletToken(scope: string) {
  const wallet = await signet.registerClient({ redirectUri: "io.example.wallet:/callback", allowedClaims: [] });
  const { verifier, challenge } = pkcePair();
  const { transaction: tx } = await signet.identity.authorize({
    clientId: wallet.clientId, redirectUri: wallet.redirectUri, responseType: "code", scope,
    codeChallenge: challenge, codeChallengeMethod: "S256", resource: [signet.issuer],
  });
  await signet.identity.authenticate({
    transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, individualId: "8267411571",
    challenges: [{ challenge: { case: "pin", value: "545411" } }],
  });
  const code = await signet.identity.issueCode({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken });
  const tokens = await signet.identity.exchangeToken({
    grantType: "authorization_code", code: code.code, redirectUri: wallet.redirectUri, codeVerifier: verifier,
    clientAssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    clientAssertion: await clientAssertion(wallet, `${signet.issuer}/token`),
  });
  return { wallet, tokens };
}

async function proof(clientId: string, nonce: string, aud = signet.issuer) {
  const holder = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(holder.publicKey);
  const jwt = await new SignJWT({ aud, nonce, iss: clientId, iat: Math.floor(Date.now() / 1000) })
    .setProtectedHeader({ alg: "ES256", typ: "openid4vci-proof+jwt", jwk })
    .sign(holder.privateKey);
  return { jwt, jwk };
}

test("a wallet obtains an SD-JWT VC over gRPC alone: credential scope, token without ID token, c_nonce, proof, credential bound to the holder key", async (t) => {
  const { wallet, tokens } = await walletToken("national_id_vc_sd_jwt");
  t.is(tokens.idToken, "", "no ID token for a credential request");
  t.is(decodeJwt(tokens.accessToken).aud, signet.issuer);
  t.truthy(tokens.cNonce);
  const p = await proof(wallet.clientId, tokens.cNonce);
  const res = await signet.identity.issueCredential({
    accessToken: tokens.accessToken,
    credentialConfigurationId: "NationalIdCredential_dc_sd_jwt",
    proofs: [{ proofType: "jwt", jwt: p.jwt }],
  });
  t.is(res.credentials.length, 1);
  const cred = res.credentials[0]!;
  t.is(cred.format, "dc+sd-jwt");
  t.is(cred.credential.case, "compact");
  const issuerJwt = (cred.credential.value as string).split("~")[0]!;
  const claims = decodeJwt(issuerJwt) as { cnf?: { jwk?: { x?: string } }; iss?: string };
  t.is(claims.iss, signet.issuer);
  t.is(claims.cnf?.jwk?.x, p.jwk.x);

  const replay = await t.throwsAsync(signet.identity.issueCredential({
    accessToken: tokens.accessToken,
    credentialConfigurationId: "NationalIdCredential_dc_sd_jwt",
    proofs: [{ proofType: "jwt", jwt: p.jwt }],
  }));
  const detail = ConnectError.from(replay).findDetails(ErrorDetailSchema)[0];
  t.is(detail?.error, "invalid_nonce");
  t.truthy(detail?.cNonce, "a fresh c_nonce is offered");
});
