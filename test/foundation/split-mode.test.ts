/**
 * Split mode: the core and the gateway as two OS processes, the gateway reaching the
 * core over gRPC at SIGNET_CORE_URL — with the development mutual TLS `signet core`
 * generates when no certificate is configured.
 */
import test from "ava";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { ADMIN_TOKEN, CORE_READY, GATEWAY_READY, removeDir, signetEnv, spawnCli, type SignetProcess } from "./processes.js";
import { adminClient, identityClient, mintIdToken } from "./rpc.js";
import { readFileSync } from "node:fs";
import { devTlsFiles } from "../../src/tls/dev-tls-files.js";

let core: SignetProcess;
let gateway: SignetProcess;
let coreUrl: string;
let issuer: string;
let dataDir: string;
let gatewayDataDir: string;
let tls: { ca: Buffer; cert: Buffer; key: Buffer };

test.before(async () => {
  const e = await signetEnv();
  dataDir = e.dataDir;
  coreUrl = `https://127.0.0.1:${e.corePort}`;
  issuer = e.env.SIGNET_ISSUER!;
  const env: NodeJS.ProcessEnv = { ...e.env, SIGNET_CORE_URL: coreUrl };
  delete env.SIGNET_CORE_TLS_DEV; // `signet core`'s default: the development mutual TLS
  core = await spawnCli("core", env, CORE_READY);
  const files = devTlsFiles(dataDir);
  tls = { ca: readFileSync(files.caFile), cert: readFileSync(files.clientCertFile), key: readFileSync(files.clientKeyFile) };
  // The gateway gets its own data dir: of the core's files it needs only the CA and its client certificate.
  const g = await signetEnv();
  gatewayDataDir = g.dataDir;
  gateway = await spawnCli("gateway", { ...env, SIGNET_DATA_DIR: gatewayDataDir, SIGNET_CORE_CA: files.caFile, SIGNET_CORE_CLIENT_CERT: files.clientCertFile, SIGNET_CORE_CLIENT_KEY: files.clientKeyFile }, GATEWAY_READY);
});
test.after.always(async () => {
  gateway?.kill();
  core?.kill();
  await Promise.all([gateway?.exited, core?.exited]);
  removeDir(dataDir);
  removeDir(gatewayDataDir);
});

const gatewayJwks = async () => (await (await fetch(`${issuer}/.well-known/jwks.json`)).json()) as JSONWebKeySet;

test("the core process alone serves gRPC (mutual TLS) and no HTTP gateway", async (t) => {
  t.regex(core.stdout(), CORE_READY);
  t.regex(core.stdout(), /\(mutual TLS, reflection on\)/);
  t.notRegex(core.stdout(), GATEWAY_READY);
  t.regex(gateway.stdout(), new RegExp(`core at ${coreUrl.replace(/[.]/g, "\\.")}`));
});

test("the gateway process serves the JWKS it reads from the core process over gRPC, key for key", async (t) => {
  const fromGateway = await gatewayJwks();
  const fromCore = (await identityClient(coreUrl, tls).getJwks({ purpose: "token" })).jwks as unknown as JSONWebKeySet;
  const byKid = (s: JSONWebKeySet) => [...s.keys].sort((a, b) => (a.kid! < b.kid! ? -1 : 1));
  t.true(fromGateway.keys.length >= 3);
  t.deepEqual(byKid(fromGateway), byKid(fromCore));
  const { keys: listed } = await adminClient(coreUrl, ADMIN_TOKEN, tls).listSigningKeys({});
  t.deepEqual(listed.map((k) => k.kid).sort(), fromCore.keys.map((k) => k.kid!).sort(), "the keys the core's admin API lists");
});

test("the gateway process's JWKS verifies an ID token signed by the core process", async (t) => {
  const { idToken, clientId } = await mintIdToken(coreUrl, issuer, adminClient(coreUrl, ADMIN_TOKEN, tls), "ES256", tls);
  const jwks = await gatewayJwks();
  t.true(jwks.keys.some((k) => k.kid === decodeProtectedHeader(idToken).kid));
  const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks), { issuer, audience: clientId });
  t.is(payload.iss, issuer);
});

test("the gateway process serves the core's discovery document for SIGNET_ISSUER", async (t) => {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`);
  t.is(res.status, 200);
  const doc = (await res.json()) as Record<string, unknown>;
  t.is(doc.issuer, issuer);
  t.is(doc.jwks_uri, `${issuer}/.well-known/jwks.json`);
});
