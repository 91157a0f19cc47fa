/**
 * `npm run bench:hostile`: the server-side CPU cost of each hostile input next to a normal request
 * of the same endpoint, in one run, over gRPC and HTTP — plus the SBI verifier in process. The server
 * is a separate process (hostile-server.ts); its CPU time is read from /proc around each batch of
 * sequential requests, so the driver's own work is not counted. A benchmark, not a test: it prints a
 * table (Markdown) and asserts nothing. Absolute numbers vary with the machine; compare the ratios.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { importJWK, SignJWT, type JWK } from "jose";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { IdentityService, type AuthenticateRequestSchema } from "../../src/gen/signet/v1/identity_pb.js";
import { decodeBiometrics } from "../../src/sbi/verifier/decode-input.js";
import { verifySbiCapture } from "../../src/sbi/index.js";
import { pkcePair } from "../helpers/pkce.js";
import { expectedFor, mustCapture, setup } from "../sbi/helpers.js";
import { costInProcess, costPerCall, rssMiB } from "./hostile-measure.js";
import { equalsRunChallenge, hugeExponentRecord } from "./hostile-inputs.js";

interface ServerInfo { issuer: string; coreUrl: string; clientId: string; redirectUri: string; privateJwk: JWK; alg: string }

const child = spawn(process.execPath, ["--import=tsx", "test/bench/hostile-server.ts"], { stdio: ["ignore", "pipe", "inherit"] });
const info = JSON.parse(await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve))) as ServerInfo;
const pid = child.pid!;
const newCoreClient = () => createClient(IdentityService, createGrpcTransport({ baseUrl: info.coreUrl }));
const core = newCoreClient();
const key = await importJWK(info.privateJwk, info.alg);

/** What a call answered: `OK`, the gRPC code and Signet error, or the HTTP status and error. */
async function grpcAnswer(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (err) {
    const e = ConnectError.from(err);
    const d = e.findDetails(ErrorDetailSchema)[0];
    return `${Code[e.code]}${d ? ` ${d.error}${d.field ? ` (${d.field})` : ""}` : ""}`;
  }
}
async function httpAnswer(res: Promise<Response>): Promise<string> {
  const r = await res;
  const text = await r.text();
  const error = /"error":"([a-z_]+)"/.exec(text)?.[1] ?? /error="([a-z_]+)"/.exec(r.headers.get("www-authenticate") ?? "")?.[1] ?? /<code>([a-z_]+)<\/code>/.exec(text)?.[1];
  return `${r.status}${error ? ` ${error}` : ""}`;
}

const authorizeRequest = () => ({
  clientId: info.clientId, redirectUri: info.redirectUri, responseType: "code", scope: "openid profile", state: randomUUID(),
  nonce: randomUUID(), codeChallenge: pkcePair().challenge, codeChallengeMethod: "S256",
});
const newTransaction = async () => {
  const { transaction } = await core.authorize(authorizeRequest());
  return { transactionId: transaction!.transactionId, csrfToken: transaction!.csrfToken };
};
const authenticate = (challenges: NonNullable<MessageInitShape<typeof AuthenticateRequestSchema>["challenges"]>) => (tx: { transactionId: string; csrfToken: string }) =>
  grpcAnswer(core.authenticate({ ...tx, individualId: String(1_000_000_000 + Math.floor(Math.random() * 8e9)), challenges }));
const assertion = () => new SignJWT({ iss: info.clientId, sub: info.clientId, aud: `${info.issuer}/token`, jti: randomUUID() })
  .setProtectedHeader({ alg: info.alg }).setIssuedAt().setExpirationTime("60s").sign(key);
const tokenForm = async (extra: Record<string, string>) => ({
  grant_type: "authorization_code", code: randomUUID(), redirect_uri: info.redirectUri, code_verifier: "v".repeat(43),
  client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: await assertion(), ...extra,
});
const postToken = (form: Record<string, string>) => httpAnswer(fetch(`${info.issuer}/token`, {
  method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form),
}));
const authorizeUrl = (extra: Record<string, string> | [string, string][]) => {
  const q = new URLSearchParams({ response_type: "code", client_id: info.clientId, redirect_uri: info.redirectUri, scope: "openid", code_challenge: pkcePair().challenge, code_challenge_method: "S256", state: randomUUID() });
  for (const [k, v] of Array.isArray(extra) ? extra : Object.entries(extra)) q.append(k, v);
  return `${info.issuer}/authorize?${q}`;
};

type Row = [transport: string, endpoint: string, input: string, answer: string, ms: number, normalMs: number];
const rows: Row[] = [];
type Case<T> = [input: string, call: (t: T) => Promise<string>, opts?: { maxCalls?: number }];
async function group<T>(transport: string, endpoint: string, prepare: () => Promise<T>, cases: Array<Case<T>>) {
  let normal = NaN;
  for (const [input, call, opts] of cases) {
    const answer = await call(await prepare());
    const { msPerCall } = await costPerCall(pid, call, prepare, opts);
    if (Number.isNaN(normal)) normal = msPerCall;
    rows.push([transport, endpoint, input, answer, msPerCall, normal]);
  }
}
const none = async () => undefined;
const MB39 = "c".repeat(3_900_000);

await group("gRPC", "Authorize", none, [
  ["normal request", () => grpcAnswer(core.authorize(authorizeRequest()))],
  // A refused oversized message ends its HTTP/2 stream; HTTP/2 servers answer a flood of those
  // with ENHANCE_YOUR_CALM, so each call gets its own connection (counted in the cost).
  ["client_id of 3.9 MB (over the 1 MiB message limit; own connection)", () => grpcAnswer(newCoreClient().authorize({ ...authorizeRequest(), clientId: MB39 })), { maxCalls: 30 }],
  ["client_id of 1,000,000 characters", () => grpcAnswer(core.authorize({ ...authorizeRequest(), clientId: "c".repeat(1_000_000) }))],
  ["state of 1,000,000 characters", () => grpcAnswer(core.authorize({ ...authorizeRequest(), state: "s".repeat(1_000_000) }))],
  ["2,000 resource values", () => grpcAnswer(core.authorize({ ...authorizeRequest(), resource: Array(2000).fill("https://r.example/x") }))],
]);
const huge = await hugeExponentRecord();
await group("gRPC", "Authenticate", newTransaction, [
  ["normal request (PIN, unknown individual)", authenticate([{ challenge: { case: "pin", value: "000000" } }])],
  ["BIO challenge: valid base64, then 160k `=`", authenticate([{ challenge: { case: "encoded", value: { authFactorType: "BIO", format: "encoded-json", challenge: equalsRunChallenge(160_000) } } }])],
  ["BIO challenge of 499k `=`", authenticate([{ challenge: { case: "encoded", value: { authFactorType: "BIO", format: "encoded-json", challenge: "=".repeat(499_000) } } }])],
  ["capture: forged x5c, 4097-bit RSA exponent", authenticate([{ challenge: { case: "biometric", value: { biometrics: [huge] } } }])],
  ["capture of 1 MB: 10 records of 100 KB", authenticate([{ challenge: { case: "biometric", value: { biometrics: Array.from({ length: 10 }, (_, i) => ({ ...huge, data: `${i}${"d".repeat(100_000)}` })) } } }])],
]);
await group("HTTP", "GET /authorize", none, [
  ["normal request", () => httpAnswer(fetch(authorizeUrl({ nonce: randomUUID() })))],
  ["state of 12 KB", () => httpAnswer(fetch(authorizeUrl({ state: "s".repeat(12_000) })))],
  ["claims of 12 KB", () => httpAnswer(fetch(authorizeUrl({ claims: `{"userinfo":{${'"a":null,'.repeat(1300)}"b":null}}` })))],
  ["600 resource values", () => httpAnswer(fetch(authorizeUrl(Array.from({ length: 600 }, () => ["resource", "https://r.x/"] as [string, string]))))],
]);
await group("HTTP", "POST /token", none, [
  ["normal request (unknown code, valid assertion)", async () => postToken(await tokenForm({}))],
  ["code of 60 KB", async () => postToken(await tokenForm({ code: "c".repeat(60_000) }))],
  ["client_assertion of 60 KB", async () => postToken(await tokenForm({ client_assertion: `e30.${"a".repeat(60_000)}.c` }))],
]);
await group("HTTP", "GET /userinfo", none, [
  ["normal request (expired-looking token)", () => httpAnswer(fetch(`${info.issuer}/userinfo`, { headers: { authorization: `Bearer eyJhbGciOiJFUzI1NiJ9.e30.${"a".repeat(86)}` } }))],
  ["bearer token of 15 KB", () => httpAnswer(fetch(`${info.issuer}/userinfo`, { headers: { authorization: `Bearer ${"a".repeat(15_000)}` } }))],
]);

// The out-of-memory case: 1,091 Authorize calls with long client ids, each distinct (1 GB in
// total; 3.9 MB ones no longer pass the 1 MiB message limit).
const rssBefore = rssMiB(pid);
for (let i = 0; i < 1091; i++) await core.authorize({ ...authorizeRequest(), clientId: `${i}${"c".repeat(999_990)}` }).catch(() => undefined);
const rssAfter = rssMiB(pid);

// The SBI verifier itself, in process, on a real capture from the simulator.
const fx = await setup();
try {
  const capture = await mustCapture(fx.sim.port);
  const verify = (input: Parameters<typeof verifySbiCapture>[0]) => async () => {
    const out = await verifySbiCapture(input, expectedFor(), fx.config);
    return out.ok ? "verified" : out.code;
  };
  const sbiCases: Array<[string, () => Promise<string>]> = [
    ["real capture (verified)", verify(capture)],
    ["forged x5c, 4097-bit RSA exponent", verify({ biometrics: [huge] })],
    ["10 copies of a real record", verify({ biometrics: Array(10).fill(capture.biometrics[0]) })],
    ["BIO challenge: valid base64, then 160k `=`", async () => { const d = decodeBiometrics(equalsRunChallenge(160_000)); return d.ok ? "ok" : d.code; }],
  ];
  let normal = NaN;
  for (const [input, call] of sbiCases) {
    const answer = await call();
    const ms = await costInProcess(call);
    if (Number.isNaN(normal)) normal = ms;
    rows.push(["in process", "verifySbiCapture", input, answer, ms, normal]);
  }
} finally {
  await fx.cleanup();
}

child.kill("SIGTERM");
const fmt = (ms: number) => (ms < 0.1 ? ms.toFixed(3) : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
console.log("| Transport | Endpoint | Input | Answer | Server CPU per request (ms) | × normal |");
console.log("|---|---|---|---|---|---|");
for (const [transport, endpoint, input, answer, ms, normal] of rows) {
  console.log(`| ${transport} | ${endpoint} | ${input} | ${answer} | ${fmt(ms)} | ${(ms / normal).toFixed(2)} |`);
}
console.log(`\n1,091 Authorize calls with distinct 1,000,000-character client ids: server RSS ${rssBefore.toFixed(0)} MiB before, ${rssAfter.toFixed(0)} MiB after.`);
