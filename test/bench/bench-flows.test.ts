/**
 * The bench's own scripts against the servers they measure (not a timed test): every flow
 * `npm run bench` drives (test/bench/lib/flows.ts) completes on Signet's pages and on the peer's,
 * the load generator's output is what the orchestrator reads, and the peer refuses what Signet
 * refuses where the README says they are configured alike (PKCE, `private_key_jwt` with ES256,
 * signed userinfo) — so a change to Signet's pages that breaks the bench, or a peer quietly
 * doing less work than Signet, fails here instead of in the next measurement.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import test from "ava";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { freePort } from "../helpers/ports.js";
import { createFixture, type Fixture } from "./lib/fixture.js";
import { Flows, type Target } from "./lib/flows.js";
import { HttpClient } from "./lib/http.js";
import { register } from "./lib/modes.js";
import { startPeer, type Peer } from "./lib/peer.js";

const repo = resolve(import.meta.dirname, "../..");
let dir: string;
let fixture: Fixture;
let signet: SignetUnderTest;
let peer: Peer;
let signetTarget: Target;
let peerTarget: Target;

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), "signet-bench-flows-"));
  fixture = await createFixture(dir, 4);
  signet = await startSignet({ overrides: { identity: { mockIdentitiesFile: fixture.identitiesFile } } });
  // The bench registers its relying party and wallet through AdminService, as it does with every mode.
  await register({ ...fixture, adminToken: signet.adminToken }, signet.coreUrl);
  peer = await startPeer(fixture, await freePort());
  signetTarget = { kind: "signet", issuer: signet.issuer, urls: [signet.issuer] };
  peerTarget = { kind: "peer", issuer: peer.issuer, urls: [peer.issuer] };
});

test.after.always(async () => {
  await peer?.close();
  await signet?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const which of ["signet", "peer"] as const) {
  test(`every scenario's steps complete on ${which === "signet" ? "Signet's pages" : "the peer's"}`, async (t) => {
    const target = which === "signet" ? signetTarget : peerTarget;
    const flows = await Flows.open(target, fixture, 2);
    try {
      // login: the pages, the code, the token exchange and signed userinfo, each step checked by its status.
      await flows.fullLogin();
      // token: a code harvested first and its assertion signed in advance, as the token scenario does.
      const { code, via } = await flows.codeAt();
      const assertion = await flows.assertion();
      const accessToken = await flows.token(code, assertion, via);
      t.truthy(accessToken);
      // userinfo: signed (application/jwt), ES256, for the relying party.
      const userinfo = () => via.get(which === "signet" ? "/userinfo" : "/me", undefined, { authorization: `Bearer ${accessToken}` });
      const reply = await userinfo();
      t.is(reply.status, 200, reply.body);
      t.regex(reply.contentType, /^application\/jwt/);
      t.is(decodeProtectedHeader(reply.body).alg, "ES256");
      const claims = decodeJwt(reply.body);
      t.is(claims.aud, fixture.rp.clientId);
      t.is(claims.iss, target.issuer);
      t.truthy(claims.sub);
      t.truthy(claims.name, "the consented profile claims are released");
      // The code is single use on both, and its second use revokes what the first one bought
      // (RFC 6749 §4.1.2): neither server is measured doing less than the other here.
      const again = await via.postForm("/token", {
        grant_type: "authorization_code", code: code.code, redirect_uri: fixture.rp.redirectUri, code_verifier: code.verifier,
        client_id: fixture.rp.clientId, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: await flows.assertion(),
      });
      t.is(again.status, 400, again.body);
      t.is((JSON.parse(again.body) as { error: string }).error, "invalid_grant");
      const revoked = await userinfo();
      t.is(revoked.status, 401, revoked.body);
      if (which === "signet") {
        // credential: a wallet login, a c_nonce, a key proof and an SD-JWT VC.
        const wallet = await flows.walletToken();
        await flows.credential(wallet.token, wallet.via);
      }
    } finally {
      flows.close();
    }
  });
}

test("the peer requires PKCE and verifies the private_key_jwt assertion, as Signet does", async (t) => {
  const flows = await Flows.open(peerTarget, fixture, 1);
  const http = new HttpClient(peer.issuer, 1);
  try {
    // An authorization request without a code challenge is refused before any login.
    const q = new URLSearchParams({ client_id: fixture.rp.clientId, redirect_uri: fixture.rp.redirectUri, response_type: "code", scope: "openid", state: "s", nonce: "n" });
    const noChallenge = await http.get(`/auth?${q}`);
    t.is(noChallenge.status, 303);
    const refused = new URL(noChallenge.location ?? "", peer.issuer).searchParams;
    t.is(refused.get("error"), "invalid_request");
    t.regex(refused.get("error_description") ?? "", /PKCE/);

    const exchange = async (overrides: Record<string, string>) => {
      const { code } = await flows.codeAt();
      const form: Record<string, string> = {
        grant_type: "authorization_code", code: code.code, redirect_uri: fixture.rp.redirectUri, code_verifier: code.verifier,
        client_id: fixture.rp.clientId, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: await flows.assertion(), ...overrides,
      };
      return http.postForm("/token", form);
    };
    const wrongVerifier = await exchange({ code_verifier: "x".repeat(43) });
    t.is(wrongVerifier.status, 400, wrongVerifier.body);
    t.regex(wrongVerifier.body, /invalid_grant/);
    // An assertion whose signature does not verify: the peer checks it (the costliest step of its exchange).
    const assertion = await flows.assertion();
    const tampered = assertion.slice(0, -4) + (assertion.endsWith("AAAA") ? "BBBB" : "AAAA");
    const badSignature = await exchange({ client_assertion: tampered });
    t.is(badSignature.status, 401, badSignature.body);
    t.regex(badSignature.body, /invalid_client/);
  } finally {
    http.close();
    flows.close();
  }
});

test("the load generator prints the line the orchestrator reads", async (t) => {
  const spec = { target: signetTarget, scenario: "login", seconds: 0.3, warmupSeconds: 0, concurrency: 2, fixture: join(dir, "fixture.json"), serverPids: [process.pid] };
  const child = spawn(process.execPath, ["--import", "tsx", join(repo, "test/bench/flow-load.ts"), JSON.stringify(spec)], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d));
  child.stderr.on("data", (d: Buffer) => (err += d));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  t.is(code, 0, err);
  const result = JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, number>;
  t.is(result.errors, 0, String(result.firstError));
  t.true(result.ops! > 0);
  t.true(result.perSecond! > 0);
  t.true(result.p50! > 0 && result.p99! >= result.p50!);
  // The server is this test's process: its CPU over the window, per login (whole clock ticks of
  // /proc, so a short window on an idle machine may read 0).
  t.true(Number.isFinite(result.serverCpuMsPerOp) && result.serverCpuMsPerOp! >= 0);
  t.true(Number.isFinite(result.serverCpuShare) && Number.isFinite(result.loadCpuShare));
});
