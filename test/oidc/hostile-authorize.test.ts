/**
 * Hostile authorization requests at the real gateway: which errors go back to the client
 * by redirect (RFC 6749 §4.1.2.1, with `state` and RFC 9207 `iss`), which are shown on a
 * page and never redirected (unknown client, unregistered or altered redirect URI), and
 * that no login transaction is opened for any of them.
 */
import test from "ava";
import { ClientStatus } from "../../src/gen/signet/v1/admin_pb.js";
import { clientAssertion } from "../helpers/assertion.js";
import { startSignet, type RegisteredClient, type SignetUnderTest } from "../helpers/signet.js";
import { ASSERTION_TYPE, authorizeUrl, freshCode, redeem, tokenRequest } from "./rp.js";

let signet: SignetUnderTest;
test.before(async () => {
  signet = await startSignet();
});
test.after.always(async () => {
  await signet?.stop();
});

async function transactionsOf(rp: RegisteredClient): Promise<number> {
  const [row] = await signet.runtime.db("transactions").where({ client_id: rp.clientId }).count<{ n: number }[]>({ n: "*" });
  return Number(row!.n);
}

/** Expects a redirect to the client carrying `error` (and state, iss); returns its params. */
async function expectErrorRedirect(t: import("ava").ExecutionContext, rp: RegisteredClient, url: string, error: string, state: string | null) {
  const res = await fetch(url, { redirect: "manual" });
  t.is(res.status, 302, await res.clone().text());
  const location = new URL(res.headers.get("location")!);
  t.is(location.origin + location.pathname, rp.redirectUri);
  t.is(location.searchParams.get("error"), error);
  t.is(location.searchParams.get("state"), state);
  t.is(location.searchParams.get("iss"), signet.issuer);
  t.is(location.searchParams.get("code"), null);
  return location.searchParams;
}

/** Expects the error page (never a redirect) naming `error`. */
async function expectErrorPage(t: import("ava").ExecutionContext, url: string, status: number, error: string) {
  const res = await fetch(url, { redirect: "manual" });
  t.is(res.status, status);
  t.is(res.headers.get("location"), null, "no redirect");
  t.regex(res.headers.get("content-type") ?? "", /^text\/html/);
  t.regex(await res.text(), new RegExp(`<code>${error}</code>`));
}

test("PKCE plain is refused with invalid_request, redirected to the client, and no transaction opens", async (t) => {
  const rp = await signet.registerClient();
  const auth = authorizeUrl(signet, rp, { code_challenge: "a".repeat(43), code_challenge_method: "plain" });
  const params = await expectErrorRedirect(t, rp, auth.url, "invalid_request", auth.state);
  t.regex(params.get("error_description") ?? "", /plain is not supported/);
  t.is(await transactionsOf(rp), 0);
});

test("a request without code_challenge is refused with invalid_request (PKCE is required)", async (t) => {
  const rp = await signet.registerClient();
  const auth = authorizeUrl(signet, rp, { code_challenge: undefined, code_challenge_method: undefined });
  const params = await expectErrorRedirect(t, rp, auth.url, "invalid_request", auth.state);
  t.regex(params.get("error_description") ?? "", /code_challenge is required/);
  t.is(await transactionsOf(rp), 0);
});

test("a challenge without a method is refused: the default method is plain (RFC 7636 §4.3)", async (t) => {
  const rp = await signet.registerClient();
  const auth = authorizeUrl(signet, rp, { code_challenge_method: undefined });
  await expectErrorRedirect(t, rp, auth.url, "invalid_request", auth.state);
  t.is(await transactionsOf(rp), 0);
});

for (const [name, redirectUri] of [
  ["an unregistered redirect URI", "https://attacker.example/callback"],
  ["a redirect URI with an extra path segment", "https://rp.example.org/callback/evil"],
  ["a redirect URI with an added query", "https://rp.example.org/callback?next=https://attacker.example"],
  ["a redirect URI differing in case", "https://rp.example.org/Callback"],
  ["a redirect URI with a trailing slash", "https://rp.example.org/callback/"],
] as const) {
  test(`${name} gets the 400 error page and never a redirect`, async (t) => {
    const rp = await signet.registerClient();
    await expectErrorPage(t, authorizeUrl(signet, rp, { redirect_uri: redirectUri }).url, 400, "invalid_request");
    t.is(await transactionsOf(rp), 0);
  });
}

test("an unknown client_id gets the error page, not a redirect to the URI it names", async (t) => {
  const rp = await signet.registerClient();
  await expectErrorPage(t, authorizeUrl(signet, { ...rp, clientId: "no-such-client" }).url, 400, "invalid_client");
});

test("a nonce is accepted once: the second authorize with it is redirected with invalid_request", async (t) => {
  const rp = await signet.registerClient();
  const first = authorizeUrl(signet, rp, { nonce: "nonce-used-once-0001" });
  const ok = await fetch(first.url, { redirect: "manual" });
  t.is(ok.status, 200);
  t.is(await transactionsOf(rp), 1);
  const second = authorizeUrl(signet, rp, { nonce: "nonce-used-once-0001" });
  const params = await expectErrorRedirect(t, rp, second.url, "invalid_request", second.state);
  t.regex(params.get("error_description") ?? "", /nonce/);
  t.is(await transactionsOf(rp), 1, "no second transaction");
});

test("an inactive client gets the authorize error page and invalid_client (401) at the token endpoint; its code stays unredeemed", async (t) => {
  const rp = await signet.registerClient();
  const { code, verifier } = await freshCode(signet, rp);
  await signet.admin.setClientStatus({ clientId: rp.clientId, status: ClientStatus.INACTIVE });
  t.teardown(() => signet.admin.setClientStatus({ clientId: rp.clientId, status: ClientStatus.ACTIVE }).then(() => undefined));

  const before = await transactionsOf(rp);
  await expectErrorPage(t, authorizeUrl(signet, rp).url, 400, "invalid_client");
  t.is(await transactionsOf(rp), before, "no transaction opened");

  const refused = await redeem(signet, rp, code, verifier);
  t.is(refused.status, 401);
  t.is(refused.body.error, "invalid_client");
  t.is(refused.headers.get("www-authenticate"), 'private_key_jwt realm="signet", error="invalid_client"', "a 401 challenges with the scheme the endpoint accepts, not Basic (RFC 9110 §11.6.1)");
  t.is(refused.headers.get("cache-control"), "no-store");

  // With HTTP Basic the client did use the header, so §5.2 requires the challenge of that scheme.
  const basic = await tokenRequest(
    signet,
    { grant_type: "authorization_code", code, redirect_uri: rp.redirectUri, code_verifier: verifier, client_assertion_type: ASSERTION_TYPE, client_assertion: await clientAssertion(rp, `${signet.issuer}/token`) },
    { authorization: `Basic ${Buffer.from(`${rp.clientId}:secret`).toString("base64")}` },
  );
  t.is(basic.status, 401);
  t.is(basic.body.error, "invalid_client");
  t.regex(basic.headers.get("www-authenticate") ?? "", /^Basic /);

  const [row] = await signet.runtime.db("authorization_codes").where({ client_id: rp.clientId }).select("consumed_at");
  t.is(row?.consumed_at, null, "the code was not consumed");
  const [tokens] = await signet.runtime.db("issued_tokens").where({ client_id: rp.clientId }).count<{ n: number }[]>({ n: "*" });
  t.is(Number(tokens!.n), 0);
});
