/**
 * Transport security over grpc-js: mutual TLS with the development CA, plaintext and
 * foreign or missing client certificates refused, certificates reloaded without a
 * restart, production refusing plaintext beyond loopback, and reflection off in production.
 */
import test from "ava";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { loadConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { coreListenSecurity } from "../../src/runtime/core-security.js";
import { startCoreServer } from "../../src/server/core-server.js";
import { createServiceRegistry } from "../../src/server/dispatch/registry.js";
import { createAuthority, issueTlsCertificate } from "../../src/tls/dev-certificates.js";
import { devTlsFiles } from "../../src/tls/dev-tls-files.js";
import { createServerTls } from "../../src/tls/server-tls.js";
import { freePort, startSignet, type SignetUnderTest } from "../helpers/signet.js";

let signet: SignetUnderTest;
test.before(async () => {
  signet = await startSignet({ split: "mtls" });
});
test.after.always(async () => {
  await signet?.stop();
});

const jwks = (baseUrl: string, nodeOptions?: object) =>
  createClient(IdentityService, createGrpcTransport({ baseUrl, nodeOptions: nodeOptions as never })).getJwks({ purpose: "token" }, { timeoutMs: 5000 });

const dev = () => devTlsFiles(signet.config.dataDir);
const read = (f: string) => readFileSync(f);

test("the development mutual TLS admits the gateway certificate", async (t) => {
  const res = await jwks(signet.coreUrl, { ca: read(dev().caFile), cert: read(dev().clientCertFile), key: read(dev().clientKeyFile) });
  t.true(Array.isArray(res.jwks?.keys));
});

test("a plaintext client is refused when the core requires TLS", async (t) => {
  const err = ConnectError.from(await t.throwsAsync(jwks(signet.coreUrl.replace("https:", "http:"))));
  t.not(err.code, Code.PermissionDenied);
  t.true([Code.Unavailable, Code.Internal, Code.Unknown, Code.Canceled].includes(err.code), `${Code[err.code]}: ${err.rawMessage}`);
});

test("under mutual TLS a client without a certificate, or with one from another CA, is refused in the handshake", async (t) => {
  const withoutCert = ConnectError.from(await t.throwsAsync(jwks(signet.coreUrl, { ca: read(dev().caFile) })));
  t.true([Code.Unavailable, Code.Internal, Code.Unknown, Code.Canceled].includes(withoutCert.code), withoutCert.rawMessage);
  const foreign = await createAuthority("CN=Someone else's CA");
  const forged = await issueTlsCertificate(foreign, { subject: "CN=signet-gateway", usage: "client" });
  const wrongCa = ConnectError.from(await t.throwsAsync(jwks(signet.coreUrl, { ca: read(dev().caFile), cert: forged.certPem, key: forged.keyPem })));
  t.true([Code.Unavailable, Code.Internal, Code.Unknown, Code.Canceled].includes(wrongCa.code), wrongCa.rawMessage);
});

test("a certificate from the right CA that names no configured caller is UNAUTHENTICATED, naming the RPC", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "signet-tls-"));
  try {
    const ca = await createAuthority("CN=Test client CA");
    const stranger = await issueTlsCertificate(ca, { subject: "CN=stranger", usage: "client" });
    const server = await issueTlsCertificate(ca, { subject: "CN=core", usage: "server", names: ["127.0.0.1"] });
    for (const [name, text] of [["ca.pem", ca.certificate.toString("pem")], ["server.pem", server.certPem], ["server-key.pem", server.keyPem]] as const) writeFileSync(join(dir, name), text);
    const tls = createServerTls({ certFile: join(dir, "server.pem"), keyFile: join(dir, "server-key.pem"), clientCaFile: join(dir, "ca.pem") }, silentLogger, { watch: false });
    const core = await startCoreServer({ host: "127.0.0.1", port: await freePort(), maxMessageBytes: 1 << 20, logger: silentLogger, registry: signet.runtime.services, tls });
    try {
      const err = ConnectError.from(await t.throwsAsync(jwks(`https://127.0.0.1:${core.port}`, { ca: ca.certificate.toString("pem"), cert: stranger.certPem, key: stranger.keyPem })));
      t.is(err.code, Code.Unauthenticated);
      t.is(err.rawMessage, "GetJwks: the client certificate (stranger) is not a configured caller");
    } finally {
      await core.shutdown(500);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("new certificate files are served after a reload, without a restart", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "signet-reload-"));
  try {
    const issue = async (name: string) => {
      const ca = await createAuthority(`CN=${name}`);
      const leaf = await issueTlsCertificate(ca, { subject: "CN=core", usage: "server", names: ["127.0.0.1"] });
      return { ca: ca.certificate.toString("pem"), ...leaf };
    };
    const [first, second] = [await issue("First CA"), await issue("Second CA")];
    const put = (c: typeof first) => {
      writeFileSync(join(dir, "server.pem"), c.certPem);
      writeFileSync(join(dir, "server-key.pem"), c.keyPem);
    };
    put(first);
    const tls = createServerTls({ certFile: join(dir, "server.pem"), keyFile: join(dir, "server-key.pem") }, silentLogger, { watch: false });
    const core = await startCoreServer({ host: "127.0.0.1", port: await freePort(), maxMessageBytes: 1 << 20, logger: silentLogger, registry: createServiceRegistry(signet.runtime.services.services, []), tls });
    const url = `https://127.0.0.1:${core.port}`;
    try {
      t.truthy(await jwks(url, { ca: first.ca }));
      put(second);
      tls.reload();
      t.truthy(await jwks(url, { ca: second.ca }), "a new connection gets the new certificate");
      await t.throwsAsync(jwks(url, { ca: first.ca }), undefined, "and no longer the old one");
      writeFileSync(join(dir, "server-key.pem"), first.keyPem);
      t.throws(() => tls.reload(), { message: /SIGNET_CORE_TLS_KEY: .* is not the certificate's private key/ });
      t.truthy(await jwks(url, { ca: second.ca }), "a bad file keeps the previous certificates in service");
    } finally {
      await core.shutdown(500);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const production = (overrides: Record<string, unknown>) =>
  loadConfig({ env: { NODE_ENV: "production" }, overrides: { issuer: "https://id.example.org", dataDir: signet.config.dataDir, ...overrides } });

test("production refuses a plaintext core beyond loopback, saying why and what to set", async (t) => {
  const err = await t.throwsAsync(coreListenSecurity(production({ core: { host: "0.0.0.0" } }), silentLogger, { devCertificates: true }));
  t.regex(err!.message, /plaintext gRPC on 0\.0\.0\.0 under NODE_ENV=production.*SIGNET_CORE_TLS_CERT and SIGNET_CORE_TLS_KEY/);
  await t.notThrowsAsync(coreListenSecurity(production({ core: { host: "127.0.0.1" } }), silentLogger, { devCertificates: true }));
  await t.notThrowsAsync(coreListenSecurity(production({ core: { host: "unix:/run/signet/core.sock" } }), silentLogger, { devCertificates: true }));
  const mtls = production({ core: { host: "0.0.0.0", tls: { certFile: dev().serverCertFile, keyFile: dev().serverKeyFile, clientCaFile: dev().caFile } } });
  const noCallers = await t.throwsAsync(coreListenSecurity(mtls, silentLogger, { devCertificates: true }));
  t.regex(noCallers!.message, /SIGNET_CALLERS_FILE must name the callers/);
});

/** Lists services through gRPC server reflection v1; resolves with the status code. */
function reflectionStatus(port: number): Promise<number> {
  const Client = grpc.makeGenericClientConstructor({
    info: {
      path: "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", requestStream: true, responseStream: true,
      requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b,
    },
  }, "ServerReflection");
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    const call = (client as unknown as { info(): grpc.ClientDuplexStream<Buffer, Buffer> }).info();
    call.on("data", () => {
      call.cancel();
      client.close();
      resolve(0);
    });
    call.on("error", (e: grpc.ServiceError) => {
      client.close();
      resolve(e.code === grpc.status.CANCELLED ? 0 : e.code);
    });
    call.write(Buffer.from([0x3a, 0x00])); // list_services: ""
  });
}

test("reflection answers on every core server a process starts, and on the rest after one stops", async (t) => {
  const { reflection } = await coreListenSecurity(signet.config, silentLogger, { devCertificates: false });
  const start = async () => startCoreServer({ host: "127.0.0.1", port: await freePort(), maxMessageBytes: 1 << 20, logger: silentLogger, registry: signet.runtime.services, reflection });
  const [first, second] = [await start(), await start()];
  try {
    t.is(await reflectionStatus(first.port), 0, "the first server");
    t.is(await reflectionStatus(second.port), 0, "the second server");
    await first.shutdown(500);
    t.is(await reflectionStatus(second.port), 0, "the second server, after the first stopped");
  } finally {
    await Promise.all([first.shutdown(500), second.shutdown(500)]);
  }
});

test("reflection is off in production by default and on in development", async (t) => {
  for (const [config, expected] of [[production({ core: { host: "127.0.0.1" } }), grpc.status.UNIMPLEMENTED], [signet.config, 0]] as const) {
    const { reflection } = await coreListenSecurity(config, silentLogger, { devCertificates: false });
    const core = await startCoreServer({ host: "127.0.0.1", port: await freePort(), maxMessageBytes: 1 << 20, logger: silentLogger, registry: signet.runtime.services, reflection });
    try {
      t.is(await reflectionStatus(core.port), expected);
    } finally {
      await core.shutdown(500);
    }
  }
});
