/**
 * `signet <command>`: the entry point, and the only module that reads process.env and argv
 * (commands receive them through {@link CliIo}). `signet --help` lists the commands.
 */
import { runCli } from "./run.js";

runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`signet: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
