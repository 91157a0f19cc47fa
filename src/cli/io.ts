import { parseArgs, type ParseArgsConfig } from "node:util";

/** Where a command writes and what it reads; process streams in `signet`, buffers in tests. */
export interface CliIo {
  /** The environment (process.env in `signet`); commands read no other. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes one line of output (results). */
  out(line: string): void;
  /** Writes one line to the error stream (problems, hints). */
  err(line: string): void;
}

/** A mistake in the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** Exit codes: success, failure (the operation failed), bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** One `signet` command or sub-command. */
export interface Command {
  /** One line for the list of commands. */
  readonly summary: string;
  /** The `--help` text. */
  readonly help: string;
  /** Runs with the arguments after the command words; resolves with the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  config: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/** Options of the commands that print results (readable by default, JSON for scripts). */
export const OUTPUT_OPTIONS = {
  json: { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

/**
 * Strict argument parsing (unknown options and missing values are usage errors, naming the option).
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig["options"]>>(args: readonly string[], options: O, positionals = 0) {
  const config = { args: [...args], options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!(parsed.values as { help?: boolean }).help && parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[positionals])}`);
  }
  return parsed;
}

/** A plain text table: a header row and left-aligned columns two spaces apart. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(headers), ...rows.map(line)];
}
