/**
 * `bin/signet.js` as an installed `signet` runs it: a real process, from a checkout (the source
 * through tsx) or a build (dist/, which `.ci/check-build.sh` also exercises).
 */
import test from "ava";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

test("signet --help lists the server and operator commands", async (t) => {
  const { stdout } = await run(process.execPath, ["bin/signet.js", "--help"], { timeout: 30_000 });
  for (const command of ["start", "core", "gateway", "migrate", "sbi-sim", "clients", "keys", "health"]) {
    t.regex(stdout, new RegExp(`^  ${command}\\s`, "m"), command);
  }
});

test("signet migrate applies the migrations to a fresh sqlite file and reports them", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "signet-bin-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { PATH: process.env.PATH, SIGNET_DATA_DIR: dir };
  const first = await run(process.execPath, ["bin/signet.js", "migrate"], { env, timeout: 30_000 });
  t.regex(first.stdout, /^Applied: \S+/m);
  t.regex(first.stdout, /^Pending migrations \(0\): none$/m);
  const status = await run(process.execPath, ["bin/signet.js", "migrate", "status", "--json"], { env, timeout: 30_000 });
  const report = JSON.parse(status.stdout) as { applied: string[]; pending: string[]; changed: string[] };
  t.true(report.applied.length >= 5);
  t.deepEqual(report.pending, []);
  t.deepEqual(report.changed, []);
});
