/**
 * Smaller hardening items, one test each: Strict-Transport-Security behind an https issuer, the
 * sqlite file and generated secrets created owner-only (0600), and discovery advertising only the
 * userinfo encryption values Signet produces.
 */
import test from "ava";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { startGateway } from "../gateway/harness.js";
import { startSignet } from "../helpers/signet.js";

test("an https issuer gets Strict-Transport-Security on every response, pages and errors alike; an http one does not", async (t) => {
  const https = await startGateway({ publicUrl: "https://id.example.gov" });
  const http = await startGateway({ publicUrl: "http://127.0.0.1" });
  t.teardown(async () => { await https.close(); await http.close(); });
  for (const path of ["/.well-known/openid-configuration", "/authorize?client_id=x", "/no-such-endpoint"]) {
    t.is((await fetch(`${https.url}${path}`, { redirect: "manual" })).headers.get("strict-transport-security"), "max-age=31536000", path);
    t.is((await fetch(`${http.url}${path}`, { redirect: "manual" })).headers.get("strict-transport-security"), null, path);
  }
});

test("the sqlite database and every generated secret in the data directory are created 0600", async (t) => {
  const signet = await startSignet();
  t.teardown(() => signet.stop());
  const dir = signet.config.dataDir;
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    // Public certificates are not secrets.
    .filter((f) => !f.endsWith("-cert.pem"));
  t.true(files.includes(signet.config.database.sqliteFile), files.join(", "));
  t.true(files.some((f) => f.endsWith("cookie-secret")), "the generated cookie key");
  t.true(files.some((f) => f.endsWith("encryption-key.pem")), "the generated SBI key");
  for (const file of files) t.is((statSync(file).mode & 0o777).toString(8), "600", file);
});

test("discovery advertises only the userinfo encryption values Signet produces (RSA-OAEP-256 / ECDH-ES with A256GCM)", async (t) => {
  const signet = await startSignet();
  t.teardown(() => signet.stop());
  const doc = (await (await fetch(`${signet.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
  t.deepEqual(doc["userinfo_encryption_enc_values_supported"], ["A256GCM"]);
  t.deepEqual(doc["userinfo_encryption_alg_values_supported"], ["RSA-OAEP-256", "ECDH-ES"]);
});
