import path from "node:path";
import { loadConfig } from "../../config/config.js";
import { EXIT, type Command } from "../io.js";

/** Takes `--config <file>` (or `--config=<file>`) out of the arguments the simulator parses. */
function splitConfig(args: readonly string[]): { file: string | undefined; rest: string[] } {
  let file: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--config") file = args[++i];
    else if (a.startsWith("--config=")) file = a.slice("--config=".length);
    else rest.push(a);
  }
  return { file, rest };
}

/**
 * `signet sbi-sim`: the SBI device simulator in the foreground. Its defaults pair it with this
 * Signet: its CAs go where the core's development trust looks, and it encrypts to the core's
 * generated SBI key.
 */
export const sbiSimCommand: Command = {
  summary: "the SBI biometric device simulator (development; --help lists its faults)",
  help: "",
  async run(args, io) {
    const { runSimulatorCli, SimulatorUsage } = await import("../../sbi/simulator/cli.js");
    const { file, rest } = splitConfig(args);
    const config = loadConfig({ env: io.env, file });
    const defaults = [
      ...(rest.includes("--state-dir") ? [] : ["--state-dir", path.join(config.dataDir, "sbi-sim")]),
      ...(rest.includes("--encryption-cert") ? [] : ["--encryption-cert", path.join(config.dataDir, "sbi", "encryption-cert.pem")]),
      ...(rest.includes("--env") ? [] : ["--env", config.sbi.env]),
    ];
    try {
      const sim = await runSimulatorCli([...defaults, ...rest], (line) => io.out(line));
      const stop = () => void sim.close().then(() => process.exit(0));
      process.on("SIGTERM", stop);
      process.on("SIGINT", stop);
      return EXIT.ok;
    } catch (err) {
      if (!(err instanceof SimulatorUsage)) throw err;
      io.out(err.message);
      return EXIT.ok;
    }
  },
};
