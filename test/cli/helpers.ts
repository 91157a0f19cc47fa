import { runCli } from "../../src/cli/run.js";

/** What one `signet …` run printed and returned. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `signet <argv>` in process with `env` as its whole environment. */
export async function signet(argv: readonly string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
