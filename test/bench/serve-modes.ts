/**
 * Benchmark server: one core runtime served by grpc-js, and two gateways on it — the
 * embedded one (Connect router transport, in process) and a split one (Connect gRPC
 * transport over loopback to the same core). Run with `npm run bench`, which pins this
 * process and the load generator to different cores.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AdminService } from "../../src/gen/signet/v1/admin_pb.js";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { loadConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { createCoreRuntime } from "../../src/runtime/core-runtime.js";
import { createGatewayRuntime } from "../../src/runtime/gateway-runtime.js";
import { startCoreServer } from "../../src/server/core-server.js";

const [embeddedPort, splitPort, corePort] = [18181, 18182, 18183];
const config = loadConfig({
  env: {},
  overrides: {
    dataDir: mkdtempSync(join(tmpdir(), "signet-bench-")),
    adminToken: "bench-admin-token-0123456789abcdef0123456789",
    gateway: { port: embeddedPort, coreUrl: `http://127.0.0.1:${corePort}` },
    core: { port: corePort },
    logLevel: "silent",
  },
});
const runtime = await createCoreRuntime({ config, logger: silentLogger });
const server = await startCoreServer({
  host: "127.0.0.1", port: corePort, maxMessageBytes: config.core.maxMessageBytes, logger: silentLogger,
  services: [{ desc: IdentityService, impl: runtime.identity }, { desc: AdminService, impl: runtime.admin }],
});
const embedded = createGatewayRuntime({ config, logger: silentLogger, embedded: runtime.identity });
const split = createGatewayRuntime({ config, logger: silentLogger });
await embedded.listen(embeddedPort);
await split.listen(splitPort);
console.log(JSON.stringify({ ready: true, embedded: embeddedPort, split: splitPort, core: corePort }));
process.on("SIGTERM", async () => {
  await embedded.close();
  await split.close();
  await server.shutdown(1000);
  await runtime.close();
  process.exit(0);
});
