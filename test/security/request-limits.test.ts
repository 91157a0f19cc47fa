/**
 * The contract's buf.validate limits are enforced before any handler runs, on both transports:
 * over gRPC (grpc-js server, Connect and plain grpc-js clients) and in process (the transport
 * the embedded gateway uses, reached here through HTTP). Each refusal is
 * INVALID_ARGUMENT / `invalid_request` naming the proto field path, and nothing is stored.
 */
import test, { type ExecutionContext } from "ava";
import { Code, ConnectError } from "@connectrpc/connect";
import type * as grpc from "@grpc/grpc-js";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { errorDetail, grpcJsIdentityClient } from "../helpers/grpc-js-client.js";
import { pkcePair } from "../helpers/pkce.js";
import { startSignet, type RegisteredClient, type SignetUnderTest } from "../helpers/signet.js";

let signet: SignetUnderTest;
let rp: RegisteredClient;
test.before(async () => {
  signet = await startSignet();
  rp = await signet.registerClient();
});
test.after.always(async () => {
  await signet?.stop();
});

const TABLES = ["transactions", "replay_entries", "authorization_codes", "issued_tokens", "clients", "nonces", "consents"] as const;

/** Row counts of every table a request could write to. */
async function storageCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) counts[table] = Number((await signet.runtime.db(table).count({ n: "*" }))[0]?.n);
  return counts;
}

async function refusedWith(t: ExecutionContext, call: Promise<unknown>, field: string, described = field): Promise<void> {
  const err = ConnectError.from(await t.throwsAsync(call));
  t.is(err.code, Code.InvalidArgument, err.message);
  const detail = err.findDetails(ErrorDetailSchema)[0];
  t.is(detail?.error, "invalid_request");
  t.is(detail?.field, field);
  t.true(detail!.errorDescription.startsWith(`${described}: must be at most`), detail?.errorDescription);
}

const authorize = () => ({
  clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid", state: "s",
  codeChallenge: pkcePair().challenge, codeChallengeMethod: "S256",
});

test("gRPC: oversized Authorize fields are refused naming the field, and nothing is stored", async (t) => {
  const before = await storageCounts();
  await refusedWith(t, signet.identity.authorize({ ...authorize(), clientId: "c".repeat(900_000) }), "client_id");
  // Past the transport's message limit (1 MiB by default) grpc-js refuses before decoding.
  t.is(ConnectError.from(await t.throwsAsync(signet.identity.authorize({ ...authorize(), clientId: "c".repeat(3_900_000) }))).code, Code.ResourceExhausted);
  await refusedWith(t, signet.identity.authorize({ ...authorize(), state: "s".repeat(2049) }), "state");
  await refusedWith(t, signet.identity.authorize({ ...authorize(), nonce: "n".repeat(256) }), "nonce");
  await refusedWith(t, signet.identity.authorize({ ...authorize(), claims: "{".repeat(8193) }), "claims");
  await refusedWith(t, signet.identity.authorize({ ...authorize(), uiLocales: "en ".repeat(100) }), "ui_locales");
  await refusedWith(t, signet.identity.authorize({ ...authorize(), resource: ["https://a.example"], authorizationDetails: "[".repeat(9000) }), "authorization_details");
  await refusedWith(t, signet.identity.authorize({ ...authorize(), resource: [`https://${"r".repeat(2048)}`] }), "resource[0]");
  const err = ConnectError.from(await t.throwsAsync(signet.identity.authorize({ ...authorize(), resource: Array(11).fill("https://a.example") })));
  t.is(err.findDetails(ErrorDetailSchema)[0]?.field, "resource");
  t.regex(err.findDetails(ErrorDetailSchema)[0]?.errorDescription ?? "", /^resource: must contain no more than 10 item/);
  t.deepEqual(await storageCounts(), before);
});

test("gRPC: nested fields are named by their path (a biometric record inside a challenge)", async (t) => {
  const before = await storageCounts();
  const record = { specVersion: "0.9.5", data: "d".repeat(524_289), hash: "", sessionKey: "", thumbprint: "" };
  await refusedWith(t, signet.identity.authenticate({
    transactionId: "t", csrfToken: "c", individualId: "8267411571",
    challenges: [{ challenge: { case: "pin", value: "545411" } }, { challenge: { case: "biometric", value: { biometrics: [record] } } }],
  }), "challenges[1].biometric.biometrics[0].data");
  await refusedWith(t, signet.identity.sendOtp({ transactionId: "t".repeat(129), csrfToken: "c", individualId: "1" }), "transaction_id");
  t.deepEqual(await storageCounts(), before);
});

test("gRPC: the AdminService contract is enforced too (client.redirect_uris, client.name_langmap values)", async (t) => {
  const before = await storageCounts();
  const client = { clientId: "bounded-admin", name: "n", redirectUris: ["https://rp.example/cb"], acrValues: ["mosip:idp:acr:static-code"] };
  const err = ConnectError.from(await t.throwsAsync(signet.admin.createClient({ client: { ...client, redirectUris: Array(21).fill("https://rp.example/cb") } })));
  t.is(err.findDetails(ErrorDetailSchema)[0]?.field, "client.redirect_uris");
  await refusedWith(t, signet.admin.createClient({ client: { ...client, nameLangmap: { eng: "x".repeat(257) } } }), `client.name_langmap["eng"]`, "client.name_langmap['eng']");
  t.deepEqual(await storageCounts(), before);
});

test("plain grpc-js client: the same refusal arrives as google.rpc.Status with the ErrorDetail", async (t) => {
  const client = grpcJsIdentityClient(signet.coreUrl);
  t.teardown(() => client.close());
  const err = (await t.throwsAsync(client.call("authorize", { ...authorize(), state: "s".repeat(5000) }))) as unknown as grpc.ServiceError;
  t.is(err.code, Code.InvalidArgument as number);
  t.like(errorDetail(err), { error: "invalid_request", field: "state" });
});

test("HTTP (in-process transport): a token request with an oversized code is refused by the contract before the handler", async (t) => {
  const before = await storageCounts();
  const res = await fetch(`${signet.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code: "c".repeat(129), redirect_uri: rp.redirectUri, code_verifier: "v".repeat(43) }),
  });
  t.is(res.status, 400);
  const body = (await res.json()) as Record<string, string>;
  t.is(body.error, "invalid_request");
  t.regex(body.error_description ?? "", /^code: must be at most 128 characters$/);
  t.deepEqual(await storageCounts(), before);
});

test("HTTP (in-process transport): an oversized userinfo token is refused as invalid_request", async (t) => {
  const res = await fetch(`${signet.issuer}/userinfo`, { headers: { authorization: `Bearer ${"a".repeat(8193)}` } });
  t.is(res.status, 400);
  t.regex(res.headers.get("www-authenticate") ?? "", /error="invalid_request", error_description="access_token: must be at most 8192 characters"/);
});

test("HTTP: the gateway bounds authorization parameters before calling the core (page 400 naming the parameter), and nothing is stored", async (t) => {
  const before = await storageCounts();
  const base = { response_type: "code", client_id: rp.clientId, redirect_uri: rp.redirectUri, scope: "openid", code_challenge: pkcePair().challenge, code_challenge_method: "S256" };
  const cases: Array<[string, URLSearchParams]> = [
    ["state", new URLSearchParams({ ...base, state: "s".repeat(2049) })],
    ["nonce", new URLSearchParams({ ...base, nonce: "n".repeat(256) })],
    ["ui_locales", new URLSearchParams({ ...base, ui_locales: "en ".repeat(90) })],
    ["claims_locales", new URLSearchParams({ ...base, claims_locales: "fr ".repeat(90) })],
    ["claims", new URLSearchParams({ ...base, claims: `{"userinfo":{"name":{"purpose":"${"p".repeat(8200)}"}}}` })],
    ["client_id", new URLSearchParams({ ...base, client_id: "c".repeat(257) })],
    ["resource", new URLSearchParams([...Object.entries(base), ...Array.from({ length: 11 }, () => ["resource", "https://r.example/"] as [string, string])])],
  ];
  for (const [name, query] of cases) {
    const res = await fetch(`${signet.issuer}/authorize?${query}`, { redirect: "manual" });
    t.is(res.status, 400, name);
    const page = await res.text();
    t.true(page.includes(`The parameter ${name} `), name);
    t.true(page.includes("invalid_request"), name);
  }
  // POST forms get the same bounds.
  const post = await fetch(`${signet.issuer}/authorize`, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ ...base, state: "s".repeat(3000) }), redirect: "manual",
  });
  t.is(post.status, 400);
  t.deepEqual(await storageCounts(), before);
});
