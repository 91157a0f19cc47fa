/**
 * Benchmark server: one core runtime served by grpc-js, and two gateways on it — the
 * embedded one (in-process transport through the core's interceptor chain) and a split one (Connect gRPC
 * transport over loopback to the same core). It logs a resident in once and prints an
 * access token, so the load can hammer /userinfo (verify token, read the token record,
 * fetch claims just in time, sign a JWT). `npm run bench` pins this process and the load
 * generator to different cores.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { AdminService } from "../../src/gen/signet/v1/admin_pb.js";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { loadConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { createCoreRuntime } from "../../src/runtime/core-runtime.js";
import { createGatewayRuntime } from "../../src/runtime/gateway-runtime.js";
import { startCoreServer } from "../../src/server/core-server.js";
import { createInProcessTransport } from "../../src/server/dispatch/in-process-transport.js";
import { pkcePair } from "../helpers/pkce.js";

const [embeddedPort, splitPort, corePort] = [18181, 18182, 18183];
const adminToken = "bench-admin-token-0123456789abcdef0123456789";
const config = loadConfig({
  env: {},
  overrides: {
    dataDir: mkdtempSync(join(tmpdir(), "signet-bench-")),
    adminToken,
    gateway: { port: embeddedPort, coreUrl: `http://127.0.0.1:${corePort}` },
    core: { port: corePort },
    logLevel: "silent",
  },
});
const runtime = await createCoreRuntime({ config, logger: silentLogger });
const server = await startCoreServer({
  host: "127.0.0.1", port: corePort, maxMessageBytes: config.core.maxMessageBytes, logger: silentLogger,
  registry: runtime.services, health: runtime.health,
});
const embedded = createGatewayRuntime({ config, logger: silentLogger, embedded: runtime.services });
const split = createGatewayRuntime({ config, logger: silentLogger });
await embedded.listen(embeddedPort);
await split.listen(splitPort);

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

console.log(JSON.stringify({ ready: true, embedded: embeddedPort, split: splitPort, core: corePort, accessToken: tokens.accessToken }));
process.on("SIGTERM", async () => {
  await embedded.close();
  await split.close();
  await server.shutdown(1000);
  await runtime.close();
  process.exit(0);
});
