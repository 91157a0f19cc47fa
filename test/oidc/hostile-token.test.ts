/**
 * Hostile token and userinfo requests at the real gateway (RFC 6749 §5.2, RFC 7636 §4.6,
 * RFC 7523 §3, RFC 6750 §3.1). Each asserts the exact error and what the store holds
 * afterwards: a refused client assertion leaves the code redeemable; a code that failed
 * its bindings is spent and issued nothing; a reused code revokes what it issued.
 */
import test, { type ExecutionContext } from "ava";
import { SignJWT, exportSPKI, importJWK } from "jose";
import { createHmac, randomUUID } from "node:crypto";
import { hashSecret } from "../../src/core/secrets.js";
import { clientAssertion } from "../helpers/assertion.js";
import { startSignet, type RegisteredClient, type SignetUnderTest } from "../helpers/signet.js";
import { ASSERTION_TYPE, freshCode, redeem, tokenRequest, userinfo } from "./rp.js";

let signet: SignetUnderTest;
test.before(async () => {
  signet = await startSignet();
});
test.after.always(async () => {
  await signet?.stop();
});

const tokenUrl = () => `${signet.issuer}/token`;
const now = () => Math.floor(Date.now() / 1000);
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

async function codeRow(s: SignetUnderTest, code: string) {
  return s.runtime.db("authorization_codes").where({ code_hash: hashSecret(code) }).first("consumed_at");
}
async function tokensOfCode(s: SignetUnderTest, code: string): Promise<number> {
  const [row] = await s.runtime.db("issued_tokens").where({ code_hash: hashSecret(code) }).count<{ n: number }[]>({ n: "*" });
  return Number(row!.n);
}

/** 400 invalid_grant, no-store, and nothing issued for the code. */
async function expectInvalidGrant(t: ExecutionContext, res: Awaited<ReturnType<typeof redeem>>, code: string, description: RegExp) {
  t.is(res.status, 400, JSON.stringify(res.body));
  t.is(res.body.error, "invalid_grant");
  t.regex(res.body.error_description ?? "", description);
  t.is(res.headers.get("cache-control"), "no-store");
  t.is(res.body.access_token, undefined);
  t.is(await tokensOfCode(signet, code), 0, "no token row for the code");
}

/** 401 invalid_client, the code untouched, and still redeemable by the real client. */
async function expectClientRefusedCodeIntact(
  t: ExecutionContext,
  rp: RegisteredClient,
  issued: { code: string; verifier: string },
  assertion: string,
  description: RegExp,
) {
  const res = await redeem(signet, rp, issued.code, issued.verifier, { client_assertion: assertion });
  t.is(res.status, 401, JSON.stringify(res.body));
  t.is(res.body.error, "invalid_client");
  t.regex(res.body.error_description ?? "", description);
  t.is(res.headers.get("www-authenticate"), 'private_key_jwt realm="signet", error="invalid_client"');
  t.is((await codeRow(signet, issued.code))?.consumed_at, null, "the code was not consumed");
  t.is(await tokensOfCode(signet, issued.code), 0);
  const ok = await redeem(signet, rp, issued.code, issued.verifier);
  t.is(ok.status, 200, "the real client can still redeem it");
}

// ── PKCE (RFC 7636 §4.6) ──────────────────────────────────────────────────────────────

test("a wrong code_verifier is invalid_grant; the code is spent and issued nothing", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const res = await redeem(signet, rp, issued.code, "w".repeat(43));
  await expectInvalidGrant(t, res, issued.code, /code_verifier does not match/);
  t.not((await codeRow(signet, issued.code))?.consumed_at, null);
  const retry = await redeem(signet, rp, issued.code, issued.verifier);
  await expectInvalidGrant(t, retry, issued.code, /invalid or was already used/);
});

test("a missing code_verifier is invalid_grant and issues nothing", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const res = await redeem(signet, rp, issued.code, "");
  await expectInvalidGrant(t, res, issued.code, /code_verifier is required/);
});

test("a plain-method verifier (the challenge itself) does not pass the S256 check", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const challenge = (await signet.runtime.db("authorization_codes").where({ code_hash: hashSecret(issued.code) }).first("code_challenge")).code_challenge as string;
  const res = await redeem(signet, rp, issued.code, challenge);
  await expectInvalidGrant(t, res, issued.code, /code_verifier does not match/);
});

// ── Codes ─────────────────────────────────────────────────────────────────────────────

test("a reused code is invalid_grant and revokes the access token its first redemption issued", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const first = await redeem(signet, rp, issued.code, issued.verifier);
  t.is(first.status, 200);
  const accessToken = first.body.access_token!;
  t.is((await userinfo(signet, accessToken)).status, 200);

  const second = await redeem(signet, rp, issued.code, issued.verifier);
  t.is(second.status, 400);
  t.is(second.body.error, "invalid_grant");
  t.is(second.body.access_token, undefined);

  const after = await userinfo(signet, accessToken);
  t.is(after.status, 401);
  t.regex(after.headers.get("www-authenticate") ?? "", /^Bearer realm="[^"]+", error="invalid_token"/);
  t.is(JSON.parse(after.text).error, "invalid_token");
  const stored = await signet.runtime.storage.issuedTokens.get(hashSecret(accessToken), Date.now());
  t.is(stored?.status, "revoked");
  t.is(await tokensOfCode(signet, issued.code), 1, "the second redemption issued nothing new");
});

test("a code presented by another client is invalid_grant, issues nothing, and is burnt for its owner too", async (t) => {
  const [owner, thief] = [await signet.registerClient(), await signet.registerClient()];
  const issued = await freshCode(signet, owner);
  const res = await redeem(signet, thief, issued.code, issued.verifier, { redirect_uri: owner.redirectUri });
  await expectInvalidGrant(t, res, issued.code, /issued to another client/);
  const [thiefTokens] = await signet.runtime.db("issued_tokens").where({ client_id: thief.clientId }).count<{ n: number }[]>({ n: "*" });
  t.is(Number(thiefTokens!.n), 0);
  const late = await redeem(signet, owner, issued.code, issued.verifier);
  await expectInvalidGrant(t, late, issued.code, /invalid or was already used/);
});

test("a code redeemed with a different redirect_uri is invalid_grant", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const res = await redeem(signet, rp, issued.code, issued.verifier, { redirect_uri: "https://rp.example.org/other" });
  await expectInvalidGrant(t, res, issued.code, /redirect_uri/);
});

test("an expired code is invalid_grant and issues nothing (injected clock)", async (t) => {
  let offset = 0;
  const clocked = await startSignet({ clock: () => Date.now() + offset });
  t.teardown(() => clocked.stop());
  const rp = await clocked.registerClient();
  const issued = await freshCode(clocked, rp);
  offset = (clocked.config.tokens.codeSeconds + 1) * 1000;
  const iat = Math.floor((Date.now() + offset) / 1000);
  const assertion = await clientAssertion(rp, `${clocked.issuer}/token`, { iat, exp: iat + 60 });
  const res = await redeem(clocked, rp, issued.code, issued.verifier, { client_assertion: assertion });
  t.is(res.status, 400, JSON.stringify(res.body));
  t.is(res.body.error, "invalid_grant");
  t.regex(res.body.error_description ?? "", /expired/);
  t.is(await tokensOfCode(clocked, issued.code), 0);
});

test("an unknown code is invalid_grant", async (t) => {
  const rp = await signet.registerClient();
  const res = await redeem(signet, rp, "not-a-code-we-issued", "v".repeat(43));
  t.is(res.status, 400);
  t.is(res.body.error, "invalid_grant");
});

test("grant_type other than authorization_code is unsupported_grant_type and leaves the code redeemable", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  for (const grantType of ["client_credentials", "refresh_token", "password"]) {
    const res = await redeem(signet, rp, issued.code, issued.verifier, { grant_type: grantType });
    t.is(res.status, 400);
    t.is(res.body.error, "unsupported_grant_type");
  }
  const missing = await redeem(signet, rp, issued.code, issued.verifier, { grant_type: "" });
  t.is(missing.body.error, "invalid_request");
  t.is((await codeRow(signet, issued.code))?.consumed_at, null);
  t.is((await redeem(signet, rp, issued.code, issued.verifier)).status, 200);
});

// ── Client assertions (RFC 7523 §3, RFC 8725 §3.1) ─────────────────────────────────────

test("an unsigned assertion (alg none) is invalid_client and the code stays redeemable", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const claims = { iss: rp.clientId, sub: rp.clientId, aud: tokenUrl(), jti: randomUUID(), iat: now(), exp: now() + 60 };
  await expectClientRefusedCodeIntact(t, rp, issued, `${b64({ alg: "none" })}.${b64(claims)}.`, /alg must be one of/);
});

test("an assertion HMAC-signed with the client's public key (HS256 key confusion) is invalid_client", async (t) => {
  const rp = await signet.registerClient({ alg: "RS256" });
  const issued = await freshCode(signet, rp);
  const pem = await exportSPKI((await importJWK(rp.publicJwk, "RS256")) as CryptoKey);
  const header = b64({ alg: "HS256", typ: "JWT" });
  const payload = b64({ iss: rp.clientId, sub: rp.clientId, aud: tokenUrl(), jti: randomUUID(), iat: now(), exp: now() + 60 });
  const signature = createHmac("sha256", pem).update(`${header}.${payload}`).digest("base64url");
  await expectClientRefusedCodeIntact(t, rp, issued, `${header}.${payload}.${signature}`, /alg must be one of RS256, PS256/);
});

test("an assertion for another audience is invalid_client", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  await expectClientRefusedCodeIntact(t, rp, issued, await clientAssertion(rp, "https://other-idp.example/token"), /aud must include/);
});

test("an expired assertion is invalid_client", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const assertion = await clientAssertion(rp, tokenUrl(), { iat: now() - 120, exp: now() - 60 });
  await expectClientRefusedCodeIntact(t, rp, issued, assertion, /expired/);
});

test("an assertion issued in the future (iat ahead beyond the skew) is invalid_client", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const assertion = await clientAssertion(rp, tokenUrl(), { iat: now() + 120, exp: now() + 180 });
  await expectClientRefusedCodeIntact(t, rp, issued, assertion, /iat is in the future/);
});

test("an assertion whose sub is not the client is invalid_client", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  await expectClientRefusedCodeIntact(t, rp, issued, await clientAssertion(rp, tokenUrl(), { sub: "someone-else" }), /sub must be the client_id/);
});

test("an assertion signed by a key other than the registered one is invalid_client", async (t) => {
  const [rp, other] = [await signet.registerClient(), await signet.registerClient()];
  const issued = await freshCode(signet, rp);
  const forged = await new SignJWT({ sub: rp.clientId, aud: tokenUrl(), jti: randomUUID() })
    .setProtectedHeader({ alg: "ES256" })
    .setIssuer(rp.clientId)
    .setIssuedAt()
    .setExpirationTime("1m")
    .sign(other.privateKey);
  await expectClientRefusedCodeIntact(t, rp, issued, forged, /signature does not verify/);
});

test("a replayed assertion (same jti) is invalid_client the second time and the second code stays redeemable", async (t) => {
  const rp = await signet.registerClient();
  const [a, b] = [await freshCode(signet, rp), await freshCode(signet, rp)];
  const assertion = await clientAssertion(rp, tokenUrl());
  const first = await redeem(signet, rp, a.code, a.verifier, { client_assertion: assertion });
  t.is(first.status, 200);
  await expectClientRefusedCodeIntact(t, rp, b, assertion, /jti was already used/);
});

test("an assertion spent on a refused exchange (unknown code) stays spent: replayed with a good code it is invalid_client", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const assertion = await clientAssertion(rp, tokenUrl());
  const refused = await redeem(signet, rp, "not-a-code-we-issued", "v".repeat(43), { client_assertion: assertion });
  t.is(refused.body.error, "invalid_grant");
  await expectClientRefusedCodeIntact(t, rp, issued, assertion, /jti was already used/);
});

test("an assertion spent on a request without a code stays spent: replayed with a good code it is invalid_client", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const assertion = await clientAssertion(rp, tokenUrl());
  const refused = await tokenRequest(signet, { grant_type: "authorization_code", redirect_uri: rp.redirectUri, code_verifier: issued.verifier, client_id: rp.clientId, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion });
  t.is(refused.status, 400);
  t.is(refused.body.error, "invalid_request");
  await expectClientRefusedCodeIntact(t, rp, issued, assertion, /jti was already used/);
});

test("a request without client authentication is invalid_client", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const res = await tokenRequest(signet, { grant_type: "authorization_code", code: issued.code, redirect_uri: rp.redirectUri, code_verifier: issued.verifier, client_id: rp.clientId });
  t.is(res.status, 401);
  t.is(res.body.error, "invalid_client");
  t.is((await codeRow(signet, issued.code))?.consumed_at, null);
  t.is((await tokenRequest(signet, { grant_type: "authorization_code", code: issued.code, redirect_uri: rp.redirectUri, code_verifier: issued.verifier, client_assertion_type: ASSERTION_TYPE, client_assertion: await clientAssertion(rp, tokenUrl()) })).status, 200);
});

// ── Userinfo (RFC 6750 §3.1) ──────────────────────────────────────────────────────────

test("a tampered access token at userinfo is 401 with WWW-Authenticate: Bearer error=\"invalid_token\"", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const { body } = await redeem(signet, rp, issued.code, issued.verifier);
  const [h, p, s] = body.access_token!.split(".");
  const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
  const tampered = `${h}.${b64({ ...claims, sub: "someone-else" })}.${s}`;
  const res = await userinfo(signet, tampered);
  t.is(res.status, 401);
  t.regex(res.headers.get("www-authenticate") ?? "", /^Bearer realm="[^"]+", error="invalid_token"/);
  t.is(JSON.parse(res.text).error, "invalid_token");
  t.is(res.headers.get("cache-control"), "no-store");

  const garbage = await userinfo(signet, "not.a.jwt");
  t.is(garbage.status, 401);
  t.regex(garbage.headers.get("www-authenticate") ?? "", /error="invalid_token"/);

  const none = await fetch(`${signet.issuer}/userinfo`);
  t.is(none.status, 401);
  t.is(none.headers.get("www-authenticate"), `Bearer realm="${new URL(signet.issuer).origin}"`, "no error code without a token (§3.1)");

  t.is((await userinfo(signet, body.access_token!)).status, 200, "the genuine token still works");
});

test("an access token Signet signed is refused at userinfo once its record is gone: the stored record, found by the token's hash, is what admits it", async (t) => {
  const rp = await signet.registerClient();
  const issued = await freshCode(signet, rp);
  const { body } = await redeem(signet, rp, issued.code, issued.verifier);
  const token = body.access_token!;
  t.is((await userinfo(signet, token)).status, 200);
  t.is(await signet.runtime.db("issued_tokens").where({ token_hash: hashSecret(token) }).delete(), 1);
  const res = await userinfo(signet, token);
  t.is(res.status, 401, "its signature still verifies, but it is no token Signet holds");
  t.is(JSON.parse(res.text).error, "invalid_token");
});
