/**
 * A second process on a test's sqlite file (db.test.ts): opens it, says "ready", waits for a line
 * on stdin, then makes `attempts` concurrent attempts to consume code `h` and to record jti `j`,
 * and prints how many of each it won as JSON.
 *
 * usage: node --import tsx test/storage/other-process.ts <file> <attempts>
 */
import { once } from "node:events";
import { closeDatabase, openDatabase } from "../../src/storage/db.js";
import { createStorage } from "../../src/storage/index.js";

const [file, attempts] = [process.argv[2]!, Number(process.argv[3])];
const db = openDatabase({ sqliteFile: file });
const storage = createStorage(db);
await db.raw("select 1");
process.stdout.write("ready\n");
await once(process.stdin, "data");
const [codes, jtis] = await Promise.all([
  Promise.all(Array.from({ length: attempts }, () => storage.authorizationCodes.consume("h", 1))),
  Promise.all(Array.from({ length: attempts }, () => storage.replay.recordOnce("assertion_jti", "j", 10, 1))),
]);
process.stdout.write(`${JSON.stringify({ codes: codes.filter((r) => r.ok).length, jtis: jtis.filter(Boolean).length })}\n`);
await closeDatabase(db);
