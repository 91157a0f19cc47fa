/**
 * One interceptor chain for every way of calling the core: the embedded gateway's
 * in-process transport (no serialisation), grpc-js on the network, and Connect's router
 * transport (tests). The same probe, request id, access log and error boundary must run,
 * and a caller must see the same answer, on each.
 */
import test from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/core/logger.js";
import { createCoreRuntime, type CoreRuntime } from "../../src/runtime/core-runtime.js";
import { createGatewayRuntime } from "../../src/runtime/gateway-runtime.js";
import { startCoreServer, type CoreServer } from "../../src/server/core-server.js";
import { createInProcessTransport } from "../../src/server/dispatch/in-process-transport.js";
import { createRegistryRouterTransport } from "../../src/server/dispatch/registry.js";
import { requestContextKey } from "../../src/server/interceptors/index.js";
import { freePort } from "../helpers/signet.js";
import { pooledKeyPairs } from "../helpers/key-pool.js";

interface Seen {
  readonly rpc: string;
  readonly requestId: string | undefined;
  readonly transport: string | null;
}

const seen: Seen[] = [];
const lines: Record<string, unknown>[] = [];
let released: (() => void) | undefined;

/** Innermost probe: records each call, and misbehaves on request (`x-test`). */
const probe: Interceptor = (next) => async (req) => {
  seen.push({ rpc: req.method.name, requestId: req.contextValues.get(requestContextKey)?.requestId, transport: req.header.get("x-test-transport") });
  if (req.header.get("x-test") === "explode") throw new Error("boom: SELECT secret FROM table");
  if (req.header.get("x-test") === "hang") {
    await new Promise<void>((resolve) => req.signal.addEventListener("abort", () => resolve(), { once: true }));
    released?.();
  }
  return next(req);
};

let runtime: CoreRuntime;
let server: CoreServer;
let dataDir: string;
const transports: Record<string, () => Transport> = {};

test.before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "signet-chain-"));
  const config = loadConfig({ env: {}, overrides: { dataDir, adminToken: "chain-admin-token-0123456789abcdef0123456789", logLevel: "silent" } });
  const logger = createLogger("info", (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  runtime = await createCoreRuntime({ generateKeyPair: pooledKeyPairs, config, logger, interceptors: [probe] });
  server = await startCoreServer({ host: "127.0.0.1", port: await freePort(), maxMessageBytes: 1 << 20, logger, registry: runtime.services, health: runtime.health });
  transports["in-process"] = () => createInProcessTransport(runtime.services);
  transports["grpc-js"] = () => createGrpcTransport({ baseUrl: `http://127.0.0.1:${server.port}` });
  transports["router"] = () => createRegistryRouterTransport(runtime.services);
});

test.after.always(async () => {
  await server?.shutdown(1000);
  await runtime?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const accessLines = (requestId: string) => lines.filter((l) => l.msg === "rpc" && l.request_id === requestId);

for (const name of ["in-process", "grpc-js", "router"]) {
  test.serial(`${name}: the chain runs once, keeps the caller's request id and returns it`, async (t) => {
    const client = createClient(IdentityService, transports[name]!());
    const requestId = `req-${name}-0001`;
    let header: Headers | undefined;
    const res = await client.getJwks({ purpose: "token" }, { headers: { "x-request-id": requestId, "x-test-transport": name }, onHeader: (h) => (header = h) });
    t.true(Array.isArray(res.jwks?.keys) && res.jwks.keys.length > 0);
    t.deepEqual(seen.filter((s) => s.transport === name), [{ rpc: "GetJwks", requestId, transport: name }]);
    t.is(header?.get("x-request-id"), requestId);
    const [line, ...more] = accessLines(requestId);
    t.deepEqual(more, []);
    t.like(line, { level: "info", rpc: "signet.v1.IdentityService/GetJwks", code: "OK" });
    t.is(typeof line?.ms, "number");
  });

  test.serial(`${name}: a refusal arrives with its code, message, ErrorDetail and request id, and is logged with its code`, async (t) => {
    const client = createClient(IdentityService, transports[name]!());
    const requestId = `refused-${name}-01`;
    const err = await t.throwsAsync(client.authorize({ clientId: "nobody", redirectUri: "https://rp.example.org/cb", responseType: "code", scope: "openid" }, { headers: { "x-request-id": requestId } }));
    const cerr = ConnectError.from(err);
    t.is(cerr.code, Code.Unauthenticated);
    t.like(cerr.findDetails(ErrorDetailSchema)[0], { error: "invalid_client", field: "client_id" });
    t.is(cerr.rawMessage, "client_id: unknown or inactive client");
    t.is(cerr.metadata.get("x-request-id"), requestId);
    t.like(accessLines(requestId)[0], { rpc: "signet.v1.IdentityService/Authorize", code: "UNAUTHENTICATED", error: "invalid_client" });
  });

  test.serial(`${name}: an unexpected error becomes INTERNAL with a fixed text, logged once with its cause`, async (t) => {
    const client = createClient(IdentityService, transports[name]!());
    const requestId = `explode-${name}-1`;
    const err = ConnectError.from(await t.throwsAsync(client.getJwks({ purpose: "token" }, { headers: { "x-request-id": requestId, "x-test": "explode" } })));
    t.is(err.code, Code.Internal);
    t.is(err.rawMessage, "internal error");
    t.false(JSON.stringify({ m: err.message, md: [...headerEntries(err.metadata)] }).includes("boom"));
    const logged = lines.filter((l) => l.request_id === requestId && l.level === "error");
    t.is(logged.length, 1);
    t.like(logged[0], { msg: "rpc failed unexpectedly", rpc: "signet.v1.IdentityService/GetJwks" });
    t.regex(String(logged[0]?.cause), /boom: SELECT secret/);
    t.like(accessLines(requestId)[0], { code: "INTERNAL" });
  });

  test.serial(`${name}: without x-request-id the id is the traceparent's trace id, else a fresh one`, async (t) => {
    const client = createClient(IdentityService, transports[name]!());
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    let header: Headers | undefined;
    await client.getJwks({ purpose: "token" }, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` }, onHeader: (h) => (header = h) });
    t.is(header?.get("x-request-id"), traceId);
    t.like(accessLines(traceId)[0], { trace_id: traceId, code: "OK" });
    await client.getJwks({ purpose: "token" }, { headers: { "x-request-id": "bad id with spaces", traceparent: "00-zz" }, onHeader: (h) => (header = h) });
    t.regex(header?.get("x-request-id") ?? "", /^[0-9a-f]{32}$/);
  });
}

/** Waits (bounded) for the access-log line of `requestId`, written once the call has ended in the core. */
async function accessLine(requestId: string): Promise<Record<string, unknown> | undefined> {
  for (let i = 0; i < 200 && accessLines(requestId).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  return accessLines(requestId)[0];
}

for (const name of ["in-process", "grpc-js"]) {
  test.serial(`${name}: the caller's deadline ends the call with DEADLINE_EXCEEDED and aborts the handler's signal; the core logs it at info, not as an error`, async (t) => {
    const client = createClient(IdentityService, transports[name]!());
    const requestId = `deadline-${name}-1`;
    const handlerReleased = new Promise<void>((resolve) => (released = resolve));
    const err = ConnectError.from(await t.throwsAsync(client.getJwks({ purpose: "token" }, { timeoutMs: 200, headers: { "x-test": "hang", "x-request-id": requestId } })));
    t.is(err.code, Code.DeadlineExceeded);
    await handlerReleased;
    t.like(await accessLine(requestId), { level: "info", msg: "rpc" });
    t.deepEqual(lines.filter((l) => l.request_id === requestId && l.level !== "info"), [], "a caller giving up is no error of the core's");
  });

  test.serial(`${name}: a caller that cancels mid-call is logged at info, without an error line or a stack`, async (t) => {
    const client = createClient(IdentityService, transports[name]!());
    const requestId = `cancel-${name}-01`;
    const handlerReleased = new Promise<void>((resolve) => (released = resolve));
    const abort = new AbortController();
    const call = client.getJwks({ purpose: "token" }, { signal: abort.signal, headers: { "x-test": "hang", "x-request-id": requestId } });
    for (let i = 0; i < 200 && !seen.some((s) => s.requestId === requestId); i++) await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    t.is(ConnectError.from(await t.throwsAsync(call)).code, Code.Canceled);
    await handlerReleased;
    const line = await accessLine(requestId);
    t.like(line, { level: "info", msg: "rpc" });
    t.false(JSON.stringify(line).includes("    at "), "no stack trace");
    t.deepEqual(lines.filter((l) => l.request_id === requestId && l.level !== "info"), []);
  });
}

function headerEntries(h: Headers): [string, string][] {
  const out: [string, string][] = [];
  h.forEach((v, k) => out.push([k, v]));
  return out;
}

test.serial("the embedded gateway sends its request id to the core: one id names the HTTP request and its RPCs", async (t) => {
  const config = loadConfig({ env: {}, overrides: { dataDir, logLevel: "silent", gateway: { cookieSecret: "c".repeat(32) } } });
  const gateway = createGatewayRuntime({ config, logger: createLogger("silent"), embedded: runtime.services });
  const { url } = await gateway.listen(0);
  try {
    // Userinfo with a token the core refuses: one uncached IdentityService call per request.
    const bearer = { authorization: "Bearer not.a.token" };
    const proxied = await fetch(`${url}/userinfo`, { headers: { ...bearer, "x-request-id": "proxy-id-0000001" } });
    t.is(proxied.headers.get("x-request-id"), "proxy-id-0000001");
    t.like(accessLines("proxy-id-0000001")[0], { rpc: "signet.v1.IdentityService/GetUserInfo", code: "UNAUTHENTICATED" });
    const fresh = await fetch(`${url}/userinfo`, { headers: bearer });
    const id = fresh.headers.get("x-request-id") ?? "";
    t.regex(id, /^[0-9a-f]{32}$/);
    t.is(accessLines(id).length, 1);
  } finally {
    await gateway.close();
  }
});
