import { readOrCreateSecretFile } from "../crypto/secret-file.js";
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
  const secret = readOrCreateSecretFile(opts.file, "base64url");
  opts.logger.warn(`*** DEVELOPMENT DEFAULT *** ${opts.what} is a generated value in ${opts.file}; set ${opts.option} for any real deployment`);
  return secret;
}
