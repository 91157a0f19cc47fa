import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, helpText, loadConfig, type SignetConfig } from "../config/config.js";
import { createLogger, type LogLevel, type Logger } from "../core/logger.js";
import { startCoreServer, type CoreServer } from "../server/core-server.js";
import { createCoreRuntime, type CoreRuntime } from "../runtime/core-runtime.js";
import { databaseSettings } from "../runtime/database-settings.js";
import { createGatewayRuntime } from "../runtime/gateway-runtime.js";
import { coreListenSecurity } from "../runtime/core-security.js";
import { closeDatabase, openDatabase, runMigrateCommand } from "../storage/index.js";

/**
 * `signet <command>`: the only place that reads process.env and argv (DESIGN.md lesson 9).
 *   start    core + gateway in one process (embedded default; also serves gRPC)
 *   core     the gRPC core alone (split mode)
 *   gateway  the HTTP gateway alone, calling a remote core over gRPC (split mode)
 *   migrate  apply (latest), undo (rollback) or list (status) database migrations
 */
const usage = `Usage: signet <start|core|gateway|migrate [latest|rollback|status]|sbi-sim> [--config file.json]

  start     core and gateway in one process (sqlite file, generated dev keys)
  core      the gRPC core only (split mode)
  gateway   the HTTP gateway only; reaches the core at SIGNET_CORE_URL over gRPC
  migrate   database migrations: latest (default), rollback, status
  sbi-sim   the SBI biometric device simulator (development)
`;

function onSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error("shutdown failed", { cause: String(err) });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => handler("SIGTERM"));
  process.on("SIGINT", () => handler("SIGINT"));
}

/**
 * Serves the core on gRPC. `signet core` (split mode) uses the development certificates
 * outside production when none are configured; `signet start` stays plaintext on loopback
 * unless certificates are configured. SIGHUP reloads the certificate files.
 */
async function serveCore(config: SignetConfig, logger: Logger, runtime: CoreRuntime, devCertificates: boolean): Promise<CoreServer> {
  const { tls, reflection } = await coreListenSecurity(config, logger, { devCertificates });
  const server = await startCoreServer({
    host: config.core.host,
    port: config.core.port,
    maxMessageBytes: config.core.maxMessageBytes,
    logger,
    registry: runtime.services,
    tls,
    reflection,
  });
  if (tls) {
    process.on("SIGHUP", () => {
      try {
        tls.reload();
      } catch (err) {
        logger.error("tls certificates not reloaded; still serving the previous ones", { cause: (err as Error).message });
      }
    });
  }
  const security = tls ? (tls.mutual ? "mutual TLS" : "TLS") : "plaintext";
  console.log(`Signet core (gRPC, reflection, health) listening on ${config.core.host}:${server.port} (${security}, reflection ${reflection ? "on" : "off"})`);
  return server;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { config: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: false });
  const command = positionals[0];
  if ((values.help && command !== "sbi-sim") || !command) {
    console.log(usage + "\n" + helpText());
    return;
  }
  const config = loadConfig({ env: process.env, file: typeof values.config === "string" ? values.config : undefined });
  if (command === "sbi-sim") {
    // Defaults pair the simulator with this Signet: its CAs go where the core's development
    // trust looks, and it encrypts to the core's generated SBI key.
    const { runSimulatorCli, SimulatorUsage } = await import("../sbi/simulator/cli.js");
    const at = argv.indexOf("sbi-sim");
    const rest = argv.slice(at + 1).filter((a, i, all) => a !== "--config" && all[i - 1] !== "--config");
    const defaults = [
      ...(rest.includes("--state-dir") ? [] : ["--state-dir", path.join(config.dataDir, "sbi-sim")]),
      ...(rest.includes("--encryption-cert") ? [] : ["--encryption-cert", path.join(config.dataDir, "sbi", "encryption-cert.pem")]),
      ...(rest.includes("--env") ? [] : ["--env", config.sbi.env]),
    ];
    const sim = await runSimulatorCli([...defaults, ...rest]).catch((err: unknown) => {
      if (!(err instanceof SimulatorUsage)) throw err;
      console.log(err.message);
      return process.exit(0);
    });
    process.on("SIGTERM", () => void sim.close().then(() => process.exit(0)));
    process.on("SIGINT", () => void sim.close().then(() => process.exit(0)));
    return;
  }
  const logger = createLogger(config.logLevel as LogLevel);

  if (command === "migrate") {
    // Migrations may rewrite large tables: no statement timeout here (0 disables it on PostgreSQL).
    const db = openDatabase({ ...databaseSettings(config, logger), statementTimeoutMs: 0 });
    try {
      const report = await runMigrateCommand(db, (positionals[1] ?? "latest") as "latest" | "rollback" | "status");
      console.log(JSON.stringify(report, null, 2));
    } finally {
      await closeDatabase(db);
    }
    return;
  }
  if (command === "gateway") {
    const gateway = createGatewayRuntime({ config, logger });
    const { url } = await gateway.listen(config.gateway.port, config.gateway.host);
    console.log(`Signet gateway listening on ${url} (core at ${config.gateway.coreUrl})`);
    onSignals(logger, () => gateway.close(config.core.shutdownGraceMs));
    return;
  }
  if (command !== "start" && command !== "core") throw new ConfigError(`unknown command ${command}\n\n${usage}`);

  const runtime = await createCoreRuntime({ config, logger });
  const server = await serveCore(config, logger, runtime, command === "core");
  console.log(`Admin token: ${runtime.adminTokenSource}`);
  if (command === "core") {
    onSignals(logger, async () => {
      await server.shutdown(config.core.shutdownGraceMs);
      await runtime.close();
    });
    return;
  }
  const gateway = createGatewayRuntime({ config, logger, embedded: runtime.services });
  const { url } = await gateway.listen(config.gateway.port, config.gateway.host);
  console.log(`Signet gateway listening on ${url}`);
  console.log(`Discovery: ${config.issuer}/.well-known/openid-configuration`);
  // Both servers stop accepting at once and drain within the same grace period; storage
  // closes last, after every request that could still use it has finished.
  onSignals(logger, async () => {
    await Promise.all([gateway.close(config.core.shutdownGraceMs), server.shutdown(config.core.shutdownGraceMs)]);
    await runtime.close();
  });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? `signet: ${err.message}` : err);
  process.exit(1);
});
