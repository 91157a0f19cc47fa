import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Logger } from "../core/logger.js";

/**
 * Development-only secrets kept in files beside the database: generated once with mode
 * 0600, announced loudly, and refused under NODE_ENV=production, where the operator must
 * supply them (the option named in the error).
 */
export function devSecretFile(opts: {
  readonly file: string;
  readonly option: string;
  readonly production: boolean;
  readonly logger: Logger;
  readonly what: string;
}): string {
  if (opts.production) {
    throw new Error(`${opts.option} must be set when NODE_ENV=production (${opts.what}); the generated development file is refused`);
  }
  mkdirSync(dirname(opts.file), { recursive: true });
  try {
    writeFileSync(opts.file, randomBytes(32).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  if ((statSync(opts.file).mode & 0o777) !== 0o600) chmodSync(opts.file, 0o600);
  opts.logger.warn(`*** DEVELOPMENT DEFAULT *** ${opts.what} is a generated value in ${opts.file}; set ${opts.option} for any real deployment`);
  return readFileSync(opts.file, "utf8").trim();
}
