import test from "ava";
import { decodeJwt } from "jose";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { freshNonce, issuanceLog, postCredential, proofJwt } from "./http-client.js";
import { authorizeWallet, createWallet, loginWithPin, type Wallet } from "./wallet.js";

const SD_JWT = "NationalIdCredential_dc_sd_jwt";
let signet: SignetUnderTest;
let wallet: Wallet;
let token: string;
const log = issuanceLog();

test.before(async () => {
  signet = await startSignet({ logger: log.logger });
  wallet = await createWallet(signet);
  token = (await authorizeWallet(signet, wallet, "national_id_vc_sd_jwt")).accessTokenResponse.access_token;
});
test.after.always(async () => {
  await signet?.stop();
});

const proof = async (nonce?: string, claims: Record<string, unknown> = {}) =>
  proofJwt({ issuer: signet.issuer, clientId: wallet.client.clientId, nonce: nonce ?? (await freshNonce(signet.issuer)), claims });

test.serial("the token response's c_nonce (draft 13) is accepted at the credential endpoint", async (t) => {
  const w = await createWallet(signet);
  const { accessTokenResponse } = await authorizeWallet(signet, w, "national_id_vc_sd_jwt");
  const cNonce = accessTokenResponse.c_nonce as string;
  t.is(typeof cNonce, "string");
  const p = await proofJwt({ issuer: signet.issuer, clientId: w.client.clientId, nonce: cNonce });
  const answer = await postCredential(signet.issuer, accessTokenResponse.access_token, { credential_configuration_id: SD_JWT, proofs: { jwt: [p.jwt] } });
  t.is(answer.status, 200, JSON.stringify(answer.body));
});

test.serial("a proof whose iss is another client is invalid_proof", async (t) => {
  const before = log.issued();
  const answer = await postCredential(signet.issuer, token, { credential_configuration_id: SD_JWT, proofs: { jwt: [(await proof(undefined, { iss: "some-other-wallet" })).jwt] } });
  t.is(answer.status, 400);
  t.is(answer.body.error, "invalid_proof");
  t.is(log.issued(), before);
});

test.serial("a proof older than the freshness window is invalid_proof", async (t) => {
  const answer = await postCredential(signet.issuer, token, {
    credential_configuration_id: SD_JWT, proofs: { jwt: [(await proof(undefined, { iat: Math.floor(Date.now() / 1000) - 3600 })).jwt] },
  });
  t.is(answer.status, 400);
  t.is(answer.body.error, "invalid_proof");
});

test.serial("several proofs in one request: one credential per proof, each bound to its own key, as the metadata's batch_size allows", async (t) => {
  const metadata = (await (await fetch(`${signet.issuer}/.well-known/openid-credential-issuer`)).json()) as { batch_credential_issuance?: { batch_size: number } };
  const batchSize = metadata.batch_credential_issuance?.batch_size;
  t.true(typeof batchSize === "number" && batchSize >= 2, "a credential issuer that accepts several proofs advertises batch_credential_issuance (OpenID4VCI 1.0 §12.2.4)");
  const proofs = [await proof(), await proof()];
  const answer = await postCredential(signet.issuer, token, { credential_configuration_id: SD_JWT, proofs: { jwt: proofs.map((p) => p.jwt) } });
  t.is(answer.status, 200, JSON.stringify(answer.body));
  const creds = answer.body.credentials as { credential: string }[];
  t.is(creds.length, 2);
  creds.forEach((c, i) => t.is((decodeJwt(c.credential.split("~")[0]!).cnf as { jwk: { x?: string } }).jwk.x, proofs[i]!.jwk.x));

  const before = log.issued();
  const tooMany = await Promise.all(Array.from({ length: (batchSize ?? 1) + 1 }, () => proof()));
  const refused = await postCredential(signet.issuer, token, { credential_configuration_id: SD_JWT, proofs: { jwt: tooMany.map((p) => p.jwt) } });
  t.is(refused.status, 400);
  t.is(refused.body.error, "invalid_credential_request");
  t.is(log.issued(), before);
});

test.serial("authorization_details instead of scope: the token response lists credential_identifiers, and credential_identifier selects the credential", async (t) => {
  const w = await createWallet(signet);
  const as = w.metadata.authorizationServers[0]!;
  const details = [{ type: "openid_credential", credential_configuration_id: "NationalIdCredential_jwt_vc_json" }];
  const { authorizationRequestUrl, pkce } = await w.oauth2.createAuthorizationRequestUrl({
    authorizationServerMetadata: as, clientId: w.client.clientId, redirectUri: w.client.redirectUri,
    resource: signet.issuer, additionalRequestPayload: { authorization_details: details },
  });
  const response = w.oauth2.parseAuthorizationResponseRedirectUrl({ url: await loginWithPin(signet.issuer, authorizationRequestUrl) });
  const { accessTokenResponse } = await w.oauth2.retrieveAuthorizationCodeAccessToken({
    authorizationServerMetadata: as, authorizationCode: response.code!, pkceCodeVerifier: pkce!.codeVerifier, redirectUri: w.client.redirectUri, resource: signet.issuer,
  });
  const granted = accessTokenResponse.authorization_details as { type: string; credential_configuration_id: string; credential_identifiers: string[] }[];
  t.is(granted.length, 1);
  t.is(granted[0]!.credential_configuration_id, "NationalIdCredential_jwt_vc_json");
  const identifier = granted[0]!.credential_identifiers[0]!;
  const p = await proofJwt({ issuer: signet.issuer, clientId: w.client.clientId, nonce: await freshNonce(signet.issuer) });
  const answer = await postCredential(signet.issuer, accessTokenResponse.access_token, { credential_identifier: identifier, proofs: { jwt: [p.jwt] } });
  t.is(answer.status, 200, JSON.stringify(answer.body));
  t.is(typeof (answer.body.credentials as { credential: unknown }[])[0]!.credential, "string");

  const p2 = await proofJwt({ issuer: signet.issuer, clientId: w.client.clientId, nonce: await freshNonce(signet.issuer) });
  const unknown = await postCredential(signet.issuer, accessTokenResponse.access_token, { credential_identifier: "no-such-identifier", proofs: { jwt: [p2.jwt] } });
  t.is(unknown.status, 400);
  t.is(unknown.body.error, "unknown_credential_identifier");

  // OpenID4VCI 1.0 §8.2: with authorization_details in the token response, credential_identifier only.
  const p3 = await proofJwt({ issuer: signet.issuer, clientId: w.client.clientId, nonce: await freshNonce(signet.issuer) });
  const byConfiguration = await postCredential(signet.issuer, accessTokenResponse.access_token, { credential_configuration_id: "NationalIdCredential_jwt_vc_json", proofs: { jwt: [p3.jwt] } });
  t.is(byConfiguration.status, 400);
  t.is(byConfiguration.body.error, "invalid_credential_request");
  t.regex(String(byConfiguration.body.error_description), /^credential_configuration_id: .*credential_identifier/);
});

test.serial("OpenID4VCI 1.0 §8.2: a token granted by scope (no authorization_details) takes credential_configuration_id, not credential_identifier", async (t) => {
  const before = log.issued();
  const answer = await postCredential(signet.issuer, token, { credential_identifier: SD_JWT, proofs: { jwt: [(await proof()).jwt] } });
  t.is(answer.status, 400);
  t.is(answer.body.error, "invalid_credential_request");
  t.regex(String(answer.body.error_description), /^credential_identifier: only valid when the token response carried authorization_details/);
  t.is(log.issued(), before);
});

test.serial("both credential_configuration_id and credential_identifier is invalid_credential_request", async (t) => {
  const answer = await postCredential(signet.issuer, token, { credential_configuration_id: SD_JWT, credential_identifier: SD_JWT, proofs: { jwt: [(await proof()).jwt] } });
  t.is(answer.status, 400);
  t.is(answer.body.error, "invalid_credential_request");
});
