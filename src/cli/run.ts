import { ConfigError } from "../config/config.js";
import { clientCommands } from "./admin/clients.js";
import { healthCommand } from "./admin/health.js";
import { keyCommands } from "./admin/keys.js";
import { migrateCommand } from "./commands/migrate.js";
import { mockIdentityCommand } from "./commands/mock-identity.js";
import { sbiSimCommand } from "./commands/sbi-sim.js";
import { serveCommands } from "./commands/serve.js";
import { EXIT, UsageError, type CliIo, type Command } from "./io.js";

/** A command word: one command, or a group of sub-commands (`signet clients create`). */
type Entry = Command | { readonly summary: string; readonly group: Readonly<Record<string, Command>> };

const COMMANDS: Readonly<Record<string, Entry>> = {
  ...serveCommands,
  migrate: migrateCommand,
  "mock-identity": mockIdentityCommand,
  "sbi-sim": sbiSimCommand,
  clients: { summary: "register, list, show, disable and enable relying parties and wallets", group: clientCommands },
  keys: { summary: "list and rotate signing keys", group: keyCommands },
  health: healthCommand,
};

function isGroup(e: Entry): e is Extract<Entry, { group: unknown }> {
  return "group" in e;
}

function listing(entries: Readonly<Record<string, Entry | Command>>, prefix: string): string {
  const width = Math.max(...Object.keys(entries).map((k) => k.length));
  return Object.entries(entries)
    .map(([name, e]) => `  ${prefix}${name.padEnd(width)}  ${e.summary}`)
    .join("\n");
}

/** `signet --help`. */
export const USAGE = `Usage: signet <command> [options]     (signet <command> --help for each)

Servers:
${listing({ start: COMMANDS.start!, core: COMMANDS.core!, gateway: COMMANDS.gateway!, migrate: COMMANDS.migrate!, "mock-identity": COMMANDS["mock-identity"]!, "sbi-sim": COMMANDS["sbi-sim"]! }, "")}

Operators (over gRPC to a running core; --json for scripts):
${listing({ clients: COMMANDS.clients!, keys: COMMANDS.keys!, health: COMMANDS.health! }, "")}

Configuration: environment variables or --config file.json (signet start --help lists them all).`;

function groupUsage(name: string, group: Readonly<Record<string, Command>>): string {
  return `Usage: signet ${name} <command> [options]     (signet ${name} <command> --help for each)\n\n${listing(group, "")}`;
}

const isHelp = (a: string | undefined) => a === "--help" || a === "-h" || a === "help";

/**
 * Runs `signet <argv>`: resolves with the exit code. Server commands resolve once listening and
 * keep the process alive. Usage mistakes print the usage and exit 2; failures print one line and exit 1.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [word, ...rest] = argv;
  if (word === undefined || isHelp(word)) {
    io.out(USAGE);
    return word === undefined ? EXIT.usage : EXIT.ok;
  }
  const entry = COMMANDS[word];
  let command: Command | undefined;
  let args = rest;
  let usage = USAGE;
  try {
    if (!entry) throw new UsageError(`unknown command ${JSON.stringify(word)}`);
    if (isGroup(entry)) {
      usage = groupUsage(word, entry.group);
      const [sub, ...subArgs] = rest;
      if (sub === undefined || isHelp(sub)) {
        io.out(usage);
        return sub === undefined ? EXIT.usage : EXIT.ok;
      }
      command = entry.group[sub];
      if (!command) throw new UsageError(`unknown command ${JSON.stringify(`${word} ${sub}`)}`);
      args = subArgs;
    } else {
      command = entry;
    }
    usage = command.help || usage;
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`signet: ${err.message}`);
      io.err("");
      io.err(usage);
      return EXIT.usage;
    }
    if (err instanceof ConfigError) {
      io.err(`signet: ${err.message}`);
      return EXIT.failed;
    }
    throw err;
  }
}
