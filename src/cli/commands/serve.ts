import { helpText, loadConfig, type SignetConfig } from "../../config/config.js";
import { createLogger, type LogLevel, type Logger } from "../../core/logger.js";
import type { CoreServer } from "../../server/core-server.js";
import type { CoreRuntime } from "../../runtime/core-runtime.js";
import { EXIT, parseCommandArgs, type CliIo, type Command } from "../io.js";
import { demoEnabled, startDevelopmentDemo } from "./demo.js";

/** Stops the servers on SIGTERM/SIGINT, then exits 0 (1 when stopping failed). */
export function onSignals(logger: Logger, stop: () => Promise<void>): void {
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
async function serveCore(config: SignetConfig, logger: Logger, runtime: CoreRuntime, io: CliIo, devCertificates: boolean): Promise<CoreServer> {
  const { startCoreServer } = await import("../../server/core-server.js");
  const { coreListenSecurity } = await import("../../runtime/core-security.js");
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
  io.out(`Signet core (gRPC, reflection, health) listening on ${config.core.host}:${server.port} (${security}, reflection ${reflection ? "on" : "off"})`);
  return server;
}

type Mode = "start" | "core" | "gateway";

const SUMMARIES: Readonly<Record<Mode, string>> = {
  start: "core and gateway in one process (sqlite file, generated development keys)",
  core: "the gRPC core only (split mode)",
  gateway: "the HTTP gateway only; reaches the core at SIGNET_CORE_URL over gRPC (split mode)",
};

/**
 * Runs until SIGTERM/SIGINT; resolves once listening (the process stays up). The servers are
 * loaded here, not at start-up, so the operator commands and --help start fast.
 */
async function serve(mode: Mode, config: SignetConfig, io: CliIo): Promise<void> {
  const logger = createLogger(config.logLevel as LogLevel);
  // Traces only when OTEL_EXPORTER_OTLP_ENDPOINT is set; nothing of the SDK is loaded otherwise.
  const { startTracing } = await import("../../observability/tracing.js");
  const tracing = await startTracing({ env: io.env, serviceName: mode === "gateway" ? "signet-gateway" : "signet-core" });
  if (tracing) logger.info("tracing: exporting spans over OTLP", { endpoint: io.env.OTEL_EXPORTER_OTLP_ENDPOINT });
  const metricsPort = mode === "gateway" ? config.gateway.metricsPort : config.core.metricsPort;
  if (metricsPort > 0) {
    const [{ startMetricsServer }, { signetMetrics }] = await Promise.all([import("../../runtime/metrics-server.js"), import("../../observability/metrics.js")]);
    const metrics = await startMetricsServer(signetMetrics(), config.metricsHost, metricsPort);
    io.out(`Signet metrics on http://${config.metricsHost}:${metrics.port}/metrics`);
  }
  const { createGatewayRuntime } = await import("../../runtime/gateway-runtime.js");
  if (mode === "gateway") {
    const gateway = createGatewayRuntime({ config, logger });
    const { url } = await gateway.listen(config.gateway.port, config.gateway.host);
    io.out(`Signet gateway listening on ${url} (core at ${config.gateway.coreUrl})`);
    onSignals(logger, async () => {
      await gateway.close(config.core.shutdownGraceMs);
      await tracing?.shutdown(); // the spans still batched are exported before exit
    });
    return;
  }
  const withDemo = mode === "start" && demoEnabled(config);
  const { createCoreRuntime } = await import("../../runtime/core-runtime.js");
  const runtime = await createCoreRuntime({ config, logger });
  const server = await serveCore(config, logger, runtime, io, mode === "core");
  io.out(`Admin token: ${runtime.adminTokenSource}`);
  if (mode === "core") {
    onSignals(logger, async () => {
      await server.shutdown(config.core.shutdownGraceMs);
      await runtime.close();
      await tracing?.shutdown();
    });
    return;
  }
  const demo = withDemo ? await startDevelopmentDemo(config, runtime.services, logger) : undefined;
  const gateway = createGatewayRuntime({ config, logger, embedded: runtime.services, mounts: demo ? [demo] : [] });
  const { url } = await gateway.listen(config.gateway.port, config.gateway.host);
  io.out(`Signet gateway listening on ${url}`);
  io.out(`Discovery: ${config.issuer}/.well-known/openid-configuration`);
  if (demo) io.out(`Try it: ${demo.url}`);
  // Both servers stop accepting at once and drain within the same grace period; storage
  // closes last, after every request that could still use it has finished.
  onSignals(logger, async () => {
    await Promise.all([gateway.close(config.core.shutdownGraceMs), server.shutdown(config.core.shutdownGraceMs)]);
    await runtime.close();
    await tracing?.shutdown();
  });
}

function serveCommand(mode: Mode): Command {
  const help = `Usage: signet ${mode} [--config file.json]

${SUMMARIES[mode][0]!.toUpperCase()}${SUMMARIES[mode].slice(1)}.

${helpText()}`;
  return {
    summary: SUMMARIES[mode],
    help,
    async run(args, io) {
      const { values } = parseCommandArgs(args, {});
      if (values.help) {
        io.out(help);
        return EXIT.ok;
      }
      await serve(mode, loadConfig({ env: io.env, file: values.config }), io);
      return EXIT.ok;
    },
  };
}

/** `signet start`, `signet core`, `signet gateway`. */
export const serveCommands: Readonly<Record<Mode, Command>> = {
  start: serveCommand("start"),
  core: serveCommand("core"),
  gateway: serveCommand("gateway"),
};
