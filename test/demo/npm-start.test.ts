/**
 * `npm start` as an operator runs it: one OS process serving the gateway (HTTP) and the
 * core (gRPC with reflection and health). Everything is checked from outside the process.
 * The process is the one this directory's files share (./npm-start.ts).
 */
import test from "ava";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { HealthCheckResponse_ServingStatus } from "../../src/gen/grpc/health/v1/health_pb.js";
import { adminClient, healthClient, mintIdToken } from "../foundation/rpc.js";
import { giveBackNpmStart, takeNpmStart } from "./npm-start.js";

const run = promisify(execFile);

let coreUrl: string;
let issuer: string;
let adminToken: string;

test.before(async () => {
  ({ coreUrl, issuer, adminToken } = await takeNpmStart());
});
test.after.always(() => giveBackNpmStart());

async function getJson(url: string): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Record<string, unknown> };
}

test("npm start serves the discovery document as JSON naming its issuer and JWKS", async (t) => {
  const { status, type, body } = await getJson(`${issuer}/.well-known/openid-configuration`);
  t.is(status, 200);
  t.regex(type ?? "", /^application\/json/);
  t.is(body.issuer, issuer);
  t.is(body.jwks_uri, `${issuer}/.well-known/jwks.json`);
  t.is(body.token_endpoint, `${issuer}/token`);
});

test("npm start serves a JWKS of public signing keys only", async (t) => {
  const { status, type, body } = await getJson(`${issuer}/.well-known/jwks.json`);
  t.is(status, 200);
  t.regex(type ?? "", /^application\/json/);
  const keys = body.keys as Record<string, unknown>[];
  t.true(keys.length >= 3);
  t.deepEqual([...new Set(keys.map((k) => String(k.alg)))].sort(), ["ES256", "PS256", "RS256"]);
  for (const k of keys) {
    t.truthy(k.kid);
    t.is(k.use, "sig");
    for (const priv of ["d", "p", "q", "dp", "dq", "qi", "k"]) t.false(priv in k, `${String(k.kid)} exposes ${priv}`);
  }
});

test("the gateway JWKS of npm start verifies ID tokens the core signs (ES256 and PS256)", async (t) => {
  const admin = adminClient(coreUrl, adminToken);
  const jwks = (await getJson(`${issuer}/.well-known/jwks.json`)).body as unknown as JSONWebKeySet;
  for (const alg of ["ES256", "PS256"] as const) {
    const { idToken, clientId } = await mintIdToken(coreUrl, issuer, admin, alg);
    const header = decodeProtectedHeader(idToken);
    t.is(header.alg, alg);
    t.true(jwks.keys.some((k) => k.kid === header.kid), `kid ${String(header.kid)} is published`);
    const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks), { issuer, audience: clientId });
    t.is(payload.aud, clientId);
  }
});

test("buf curl lists IdentityService and AdminService methods by reflection, without proto files", async (t) => {
  const { stdout } = await run("npx", ["buf", "curl", "--protocol", "grpc", "--http2-prior-knowledge", "--list-methods", coreUrl], { timeout: 15_000 });
  const methods = stdout.trim().split("\n");
  for (const m of ["signet.v1.IdentityService/Authorize", "signet.v1.IdentityService/GetJwks", "signet.v1.AdminService/CreateClient", "signet.v1.AdminService/RotateSigningKey"]) {
    t.true(methods.includes(m), `${m} listed`);
  }
  t.true(methods.some((m) => m.startsWith("signet.v1.IdentityService/")));
  t.true(methods.some((m) => m.startsWith("signet.v1.AdminService/")));
});

test("grpc health reports SERVING for the server and both services (buf curl and a stub)", async (t) => {
  const { stdout } = await run(
    "npx",
    ["buf", "curl", "--protocol", "grpc", "--http2-prior-knowledge", "--data", "{}", `${coreUrl}/grpc.health.v1.Health/Check`],
    { timeout: 15_000 },
  );
  t.deepEqual(JSON.parse(stdout), { status: "SERVING" });
  const health = healthClient(coreUrl);
  for (const service of ["", "signet.v1.IdentityService", "signet.v1.AdminService"]) {
    t.is((await health.check({ service })).status, HealthCheckResponse_ServingStatus.SERVING, service || "(server)");
  }
});
