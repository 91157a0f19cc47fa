import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The one helper behind every generated development secret file (admin token, cookie key,
 * key-encryption key): 32 random bytes written once with mode 0600 — `wx`, so two instances
 * starting together cannot overwrite each other's — kept owner-only if a copy lost its mode, and
 * read back as the text stored. Callers announce the file loudly and refuse it in production.
 * `encoding` is the file's own (existing files keep the one they were written with).
 */
export function readOrCreateSecretFile(file: string, encoding: "base64" | "base64url"): string {
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString(encoding) + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  if ((statSync(file).mode & 0o777) !== 0o600) chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}

/**
 * Writes a generated file whole: to a temporary file created with `mode` (0600, owner-only, unless
 * the file is public such as a certificate), then renamed over `file`, so a reader — another
 * instance starting at the same moment — never sees half a private key, and the key is never
 * readable by others even for an instant. The directory is created owner-only when missing.
 */
export function writeFileAtomically(file: string, text: string, mode = 0o600): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, text, { mode, flag: "wx" });
  renameSync(tmp, file);
}
