import test from "ava";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PeerCertificate } from "node:tls";
import { createCallerDirectory, readCallersFile } from "../../src/server/auth/callers.js";

const dir = mkdtempSync(join(tmpdir(), "signet-callers-file-"));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const fileWith = (content: unknown) => {
  const f = join(dir, `c-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify(content));
  return f;
};
const sha = (t: string) => createHash("sha256").update(t).digest("hex");

const refusals: [string, unknown, RegExp][] = [
  ["no callers array", {}, /needs a "callers" array/],
  ["an unknown role", { callers: [{ id: "a", role: "root", tokenSha256: sha("x") }] }, /callers\[0\]: role: one of gateway, caller, admin/],
  ["a caller bound to no client", { callers: [{ id: "k", role: "caller", tokenSha256: sha("x") }] }, /callers\[0\]: clientIds: a caller must be bound/],
  ["client ids on a gateway", { callers: [{ id: "g", role: "gateway", clientIds: ["x"], tokenSha256: sha("x") }] }, /clientIds: only the caller role/],
  ["a token in clear", { callers: [{ id: "a", role: "admin", tokenSha256: "my-secret-token" }] }, /tokenSha256: 64 lower-case hex/],
  ["no way to recognise it", { callers: [{ id: "a", role: "admin" }] }, /needs certificate or tokenSha256/],
  ["a certificate rule without cn or san", { callers: [{ id: "a", role: "admin", certificate: {} }] }, /certificate: needs cn or san/],
  ["a duplicate id", { callers: [{ id: "a", role: "admin", tokenSha256: sha("x") }, { id: "a", role: "admin", tokenSha256: sha("y") }] }, /id a appears twice/],
];
for (const [name, content, message] of refusals) {
  test(`the callers file is refused with ${name}, naming the entry and field`, (t) => {
    t.throws(() => readCallersFile(fileWith(content)), { message });
  });
}

test("callers are recognised by token hash, certificate CN or SAN, and the admin token; nothing else", (t) => {
  const dirEntries = readCallersFile(fileWith({ callers: [
    { id: "nid", role: "caller", clientIds: ["portal"], tokenSha256: sha("nid-token-0123456789abcdef0123456789ab") },
    { id: "gw", role: "gateway", certificate: { cn: "gw.internal" } },
    { id: "kiosk", role: "caller", clientIds: ["k-rp"], certificate: { san: "spiffe://id.example/kiosk" } },
  ] }));
  const callers = createCallerDirectory(dirEntries, "admin-token-0123456789abcdef0123456789");
  t.like(callers.byToken("nid-token-0123456789abcdef0123456789ab"), { id: "nid", via: "token" });
  t.deepEqual([...callers.byToken("nid-token-0123456789abcdef0123456789ab")!.clientIds], ["portal"]);
  t.like(callers.byToken("admin-token-0123456789abcdef0123456789"), { id: "admin" });
  t.is(callers.byToken("nid-token-0123456789abcdef0123456789aX"), undefined);
  const cert = (cn: string, san = "") => ({ subject: { CN: cn }, subjectaltname: san }) as unknown as PeerCertificate;
  t.like(callers.byCertificate(cert("gw.internal")), { id: "gw", via: "certificate" });
  t.like(callers.byCertificate(cert("whatever", "DNS:a.example, URI:spiffe://id.example/kiosk")), { id: "kiosk" });
  t.is(callers.byCertificate(cert("gw.internal.evil")), undefined);
  t.is(callers.byCertificate(cert("x", "URI:spiffe://id.example/kiosk2")), undefined);
});
