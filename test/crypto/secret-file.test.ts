import test from "ava";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readOrCreateSecretFile, writeFileAtomically } from "../../src/crypto/secret-file.js";

function scratch(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "signet-secret-file-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("writeFileAtomically writes a private file 0600 in an owner-only directory, replaces a file whole and leaves no temporary file", (t) => {
  const dir = join(scratch(t), "sbi");
  const file = join(dir, "encryption-key.pem");
  writeFileAtomically(file, "first\n");
  t.is(readFileSync(file, "utf8"), "first\n");
  t.is(statSync(file).mode & 0o777, 0o600);
  t.is(statSync(dir).mode & 0o777, 0o700);
  writeFileAtomically(file, "second\n");
  writeFileAtomically(join(dir, "cert.pem"), "public\n", 0o644);
  t.is(readFileSync(file, "utf8"), "second\n");
  t.is(statSync(join(dir, "cert.pem")).mode & 0o777, 0o644);
  t.deepEqual(readdirSync(dir).sort(), ["cert.pem", "encryption-key.pem"]);
});

test("readOrCreateSecretFile creates 32 random bytes once, keeps them, and restores mode 0600 on a copy that lost it", (t) => {
  const file = join(scratch(t), "admin-token");
  const first = readOrCreateSecretFile(file, "base64url");
  t.is(Buffer.from(first, "base64url").length, 32);
  t.is(statSync(file).mode & 0o777, 0o600);
  chmodSync(file, 0o644);
  t.is(readOrCreateSecretFile(file, "base64url"), first);
  t.is(statSync(file).mode & 0o777, 0o600);
});
