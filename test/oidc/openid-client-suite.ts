/**
 * A certified relying-party library (openid-client v6) drives Signet knowing only the
 * issuer URL and its private key: discovery, PKCE S256 + nonce, the real login and
 * consent pages over HTTP, the code grant with private_key_jwt, ID token validation,
 * and signed (and encrypted) userinfo — verified again independently with jose.
 */
import test from "ava";
import * as oidc from "openid-client";
import { compactDecrypt, createRemoteJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from "jose";
import type { RegisteredClient, SignetUnderTest } from "../helpers/signet.js";
import { hashSecret } from "../../src/core/secrets.js";
import { INDIVIDUAL, rpConfiguration, walkPages } from "./rp.js";

/**
 * Defines the whole suite against the Signet `start` returns: embedded
 * (openid-client.test.ts) and split over mutual TLS (openid-client-split-mtls.test.ts)
 * must pass the same tests.
 */
export function openIdClientSuite(start: () => Promise<SignetUnderTest>): void {
let signet: SignetUnderTest;
test.before(async () => {
  signet = await start();
});
test.after.always(async () => {
  await signet?.stop();
});

interface Walk {
  readonly config: oidc.Configuration;
  readonly tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
  readonly claims: oidc.IDToken;
  readonly nonce: string;
  readonly transactionId: string;
}

/** The RP's whole journey with openid-client; the person logs in with OTP or PIN on the pages. */
async function journey(rp: RegisteredClient, factor: "otp" | "pin", prepare?: (c: oidc.Configuration) => void): Promise<Walk> {
  const config = await rpConfiguration(signet, rp);
  oidc.enableNonRepudiationChecks(config);
  prepare?.(config);
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: rp.redirectUri,
    scope: "openid profile email",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce,
    state,
    acr_values: factor === "otp" ? "mosip:idp:acr:generated-code" : "mosip:idp:acr:static-code",
  });
  const walked = await walkPages(signet.issuer, url.href, { factor });
  const tokens = await oidc.authorizationCodeGrant(config, new URL(walked.location), {
    pkceCodeVerifier: verifier,
    expectedNonce: nonce,
    expectedState: state,
    idTokenExpected: true,
  });
  return { config, tokens, claims: tokens.claims()!, nonce, transactionId: walked.transactionId };
}

const jwks = () => createRemoteJWKSet(new URL(`${signet.issuer}/.well-known/jwks.json`));

for (const alg of ["ES256", "PS256", "RS256"] as const) {
  test(`a client signing with ${alg} logs a resident in with OTP through the pages and gets a validated ID token and signed userinfo`, async (t) => {
    const rp = await signet.registerClient({ alg });
    const { config, tokens, claims, nonce, transactionId } = await journey(rp, "otp");

    t.is(claims.iss, signet.issuer);
    t.is(claims.aud, rp.clientId);
    t.is(claims.nonce, nonce);
    t.is(claims.acr, "mosip:idp:acr:generated-code");
    t.deepEqual(claims.amr, ["otp"]);
    t.is(decodeProtectedHeader(tokens.id_token!).alg, alg, "ID token signed with the client's registered alg");
    t.is(tokens.token_type.toLowerCase(), "bearer");

    // The library fetched and checked the signed userinfo (alg, iss, aud, signature, sub).
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    t.is(info.sub, claims.sub);
    t.is(info.name, "Aisha Rahman");
    t.is(info.email, "aisha.rahman@example.org");

    // And independently: the raw response is application/jwt, verifiable against the published JWKS.
    const raw = await fetch(`${signet.issuer}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    t.is(raw.status, 200);
    t.regex(raw.headers.get("content-type") ?? "", /^application\/jwt/);
    const { payload, protectedHeader } = await jwtVerify(await raw.text(), jwks(), { issuer: signet.issuer, audience: rp.clientId, algorithms: [alg] });
    t.is(protectedHeader.alg, alg);
    t.is(payload.sub, claims.sub);

    // Stored state: the transaction finished, the access token is stored only by hash and active.
    const tx = await signet.runtime.storage.transactions.get(transactionId);
    t.is(tx?.state, "exchanged");
    const stored = await signet.runtime.storage.issuedTokens.get(hashSecret(tokens.access_token), Date.now());
    t.is(stored?.status, "active");
    t.is(stored?.token.clientId, rp.clientId);
  });
}

test("a PIN login through the pages yields acr static-code and amr pin", async (t) => {
  const rp = await signet.registerClient({ alg: "ES256", acrValues: ["mosip:idp:acr:static-code"] });
  const { config, tokens, claims } = await journey(rp, "pin");
  t.is(claims.acr, "mosip:idp:acr:static-code");
  t.deepEqual(claims.amr, ["pin"]);
  const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  t.is(info.sub, claims.sub);
  t.is(info.birthdate, "1990-04-12", "profile claims consented on the page are released");
});

test("a JWE client gets userinfo encrypted to its key: openid-client decrypts and verifies it, and so does jose", async (t) => {
  const rp = await signet.registerClient({ alg: "PS256", jwe: true });
  const { config, tokens, claims } = await journey(rp, "otp", (c) => oidc.enableDecryptingResponses(c, ["A256GCM"], rp.encryptionPrivateKey!));
  const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  t.is(info.sub, claims.sub);
  t.is(info.name, "Aisha Rahman");

  const raw = await fetch(`${signet.issuer}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  t.is(raw.status, 200);
  const jwe = await raw.text();
  t.is(jwe.split(".").length, 5, "a compact JWE");
  const header = decodeProtectedHeader(jwe);
  t.is(header.alg, "RSA-OAEP-256");
  t.is(header.enc, "A256GCM");
  t.is(header.cty, "JWT");
  const { plaintext } = await compactDecrypt(jwe, rp.encryptionPrivateKey!);
  const { payload, protectedHeader } = await jwtVerify(new TextDecoder().decode(plaintext), jwks(), { issuer: signet.issuer, audience: rp.clientId });
  t.is(protectedHeader.alg, "PS256");
  t.is(payload.sub, claims.sub);
  t.is(payload.email, "aisha.rahman@example.org");
});

test("a JWE client whose encryption key is replaced gets its next userinfo encrypted to the new key, not the one imported before", async (t) => {
  const rp = await signet.registerClient({ jwe: true });
  const { tokens, claims } = await journey(rp, "pin");
  const userinfo = async () => {
    const res = await fetch(`${signet.issuer}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    t.is(res.status, 200);
    return res.text();
  };
  for (let i = 0; i < 2; i++) {
    const jwe = await userinfo();
    t.is(decodeProtectedHeader(jwe).alg, "RSA-OAEP-256");
    await compactDecrypt(jwe, rp.encryptionPrivateKey!);
  }

  const next = await generateKeyPair("ECDH-ES", { extractable: true });
  await signet.admin.updateClient({
    client: { clientId: rp.clientId, encryptionPublicKey: { ...(await exportJWK(next.publicKey)), use: "enc" } as never },
    updateMask: { paths: ["encryption_public_key"] },
  });
  const jwe = await userinfo();
  t.is(decodeProtectedHeader(jwe).alg, "ECDH-ES");
  await t.throwsAsync(compactDecrypt(jwe, rp.encryptionPrivateKey!), undefined, "the replaced key can no longer read it");
  const { plaintext } = await compactDecrypt(jwe, next.privateKey);
  const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), jwks(), { issuer: signet.issuer, audience: rp.clientId });
  t.is(payload.sub, claims.sub);
});

test("the same person gets a different pairwise subject at each client", async (t) => {
  const [a, b] = [await signet.registerClient(), await signet.registerClient()];
  const [ja, jb] = [await journey(a, "pin"), await journey(b, "pin")];
  t.not(ja.claims.sub, jb.claims.sub);
  t.notRegex(ja.claims.sub, new RegExp(INDIVIDUAL.id), "the national id never appears in sub");
});
}
