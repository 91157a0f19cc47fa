import { helpText, loadConfig } from "../../config/config.js";
import { createLogger, type LogLevel } from "../../core/logger.js";
import { EXIT, parseCommandArgs, type Command } from "../io.js";
import { onSignals } from "./serve.js";

const SUMMARY = "the mock identity system (signet.v1.IdentitySystemService) as its own gRPC process (development)";

const HELP = `Usage: signet mock-identity [--config file.json]

The bundled mock identity system as its own gRPC process, serving
signet.v1.IdentitySystemService on SIGNET_MOCK_IDENTITY_HOST:SIGNET_MOCK_IDENTITY_PORT
(default 127.0.0.1:50061). Point Signet at it with SIGNET_IDENTITY_SYSTEM_URL. Its sent
OTPs and KYC tokens live in the database (DATABASE_URL, or the sqlite file in the data
directory), so several processes and restarts share them. Development only: refused
under NODE_ENV=production.

${helpText()}`;

/** `signet mock-identity`: runs until SIGTERM/SIGINT. */
export const mockIdentityCommand: Command = {
  summary: SUMMARY,
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {});
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    const config = loadConfig({ env: io.env, file: values.config });
    const logger = createLogger(config.logLevel as LogLevel);
    const { serveMockIdentity } = await import("../../runtime/mock-identity-server.js");
    const server = await serveMockIdentity(config, logger, (line) => io.out(line));
    onSignals(logger, () => server.close());
    return EXIT.ok;
  },
};
