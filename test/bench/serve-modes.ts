/**
 * Benchmark server: one core runtime and one gateway per target, all in this process so one
 * run compares them on the same machine state. Targets (each a gateway port):
 *   embedded-bare    in-process transport with an empty interceptor chain (the handlers alone)
 *   embedded         in-process transport through the core's interceptor chain (npm start)
 *   split-plaintext  gRPC over loopback to the core, no TLS
 *   split-mtls       gRPC over loopback to the core, mutual TLS (the development certificates)
 * More targets (another OpenID provider, say) are one entry in `targets`. It logs a resident
 * in once and prints the targets and an access token, so the load can hammer /userinfo
 * (verify token, read its record, fetch claims, sign a JWT) and /healthz (one GetJwks).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { AdminService } from "../../src/gen/signet/v1/admin_pb.js";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { loadConfig, type SignetConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { createCoreRuntime } from "../../src/runtime/core-runtime.js";
import { coreListenSecurity } from "../../src/runtime/core-security.js";
import { createGatewayRuntime } from "../../src/runtime/gateway-runtime.js";
import { startCoreServer, type CoreServer } from "../../src/server/core-server.js";
import { createInProcessTransport } from "../../src/server/dispatch/in-process-transport.js";
import { createServiceRegistry } from "../../src/server/dispatch/registry.js";
import { pkcePair } from "../helpers/pkce.js";

const basePort = Number(process.env.BENCH_BASE_PORT ?? 18180);
const adminToken = "bench-admin-token-0123456789abcdef0123456789";
const config = loadConfig({
  env: {},
  overrides: { dataDir: mkdtempSync(join(tmpdir(), "signet-bench-")), adminToken, gateway: { port: basePort }, logLevel: "silent" },
});
const runtime = await createCoreRuntime({ config, logger: silentLogger });
const servers: CoreServer[] = [];
const core = async (port: number, devCertificates: boolean) => {
  const { tls } = await coreListenSecurity(config, silentLogger, { devCertificates });
  servers.push(await startCoreServer({ host: "127.0.0.1", port, maxMessageBytes: config.core.maxMessageBytes, logger: silentLogger, registry: runtime.services, health: runtime.health, tls }));
};
await core(basePort + 1, false);
await core(basePort + 2, true);
const splitTo = (url: string): SignetConfig => ({ ...config, gateway: { ...config.gateway, coreUrl: url } });

/** Each target: a name and the gateway that serves it. Add one here to compare another mode or provider. */
const targets = [
  { name: "embedded-bare", gateway: createGatewayRuntime({ config, logger: silentLogger, embedded: createServiceRegistry(runtime.services.services, []) }) },
  { name: "embedded", gateway: createGatewayRuntime({ config, logger: silentLogger, embedded: runtime.services }) },
  { name: "split-plaintext", gateway: createGatewayRuntime({ config: splitTo(`http://127.0.0.1:${basePort + 1}`), logger: silentLogger }) },
  { name: "split-mtls", gateway: createGatewayRuntime({ config: splitTo(`https://127.0.0.1:${basePort + 2}`), logger: silentLogger }) },
];
const listening: { name: string; url: string }[] = [];
for (const [i, t] of targets.entries()) listening.push({ name: t.name, url: (await t.gateway.listen(basePort + 10 + i)).url });

// One login, in process, to get an access token for /userinfo.
const transport = createInProcessTransport(runtime.services);
const admin = createClient(AdminService, transport);
const identity = createClient(IdentityService, transport);
const { privateKey, publicKey } = await generateKeyPair("ES256");
await admin.createClient(
  { client: { clientId: "bench-rp", name: "Bench RP", redirectUris: ["https://rp.example.org/cb"], publicKey: (await exportJWK(publicKey)) as never, allowedClaims: ["name", "email", "birthdate"], acrValues: ["mosip:idp:acr:static-code"], idTokenSignedResponseAlg: "ES256" } },
  { headers: { authorization: `Bearer ${adminToken}` } },
);
const pkce = pkcePair();
const { transaction: tx } = await identity.authorize({ clientId: "bench-rp", redirectUri: "https://rp.example.org/cb", responseType: "code", scope: "openid profile email", codeChallenge: pkce.challenge, codeChallengeMethod: "S256" });
await identity.authenticate({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, individualId: "8267411571", challenges: [{ challenge: { case: "pin", value: "545411" } }] });
const code = await identity.issueCode({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, acceptedClaims: ["name", "email", "birthdate"] });
const now = Math.floor(Date.now() / 1000);
const assertion = await new SignJWT({ iss: "bench-rp", sub: "bench-rp", aud: `${config.issuer}/token`, jti: "bench", iat: now, exp: now + 60 }).setProtectedHeader({ alg: "ES256" }).sign(privateKey);
const tokens = await identity.exchangeToken({ grantType: "authorization_code", code: code.code, redirectUri: "https://rp.example.org/cb", codeVerifier: pkce.verifier, clientAssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", clientAssertion: assertion });

console.log(JSON.stringify({ ready: true, targets: listening, accessToken: tokens.accessToken }));
process.on("SIGTERM", async () => {
  for (const t of targets) await t.gateway.close();
  for (const s of servers) await s.shutdown(1000);
  await runtime.close();
  process.exit(0);
});
