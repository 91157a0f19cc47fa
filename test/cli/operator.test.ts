/**
 * The operator commands of `signet` against a running core over gRPC: clients, keys, health —
 * readable output by default, JSON with --json, usage errors naming the option (exit 2), RPC
 * failures in one line (exit 1).
 */
import test from "ava";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, SignJWT, jwtVerify, type JWK } from "jose";
import { ClientStatus } from "../../src/gen/signet/v1/admin_pb.js";
import { freePort, startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { signet } from "./helpers.js";

let s: SignetUnderTest;
let dir: string;
let env: Record<string, string>;

test.before(async () => {
  s = await startSignet();
  dir = mkdtempSync(join(tmpdir(), "signet-cli-"));
  env = { SIGNET_CORE_URL: s.coreUrl, SIGNET_ADMIN_TOKEN: s.adminToken, SIGNET_DATA_DIR: dir };
});
test.after.always(async () => {
  await s?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const REDIRECT = "https://rp.example.org/cb";

test("clients create --generate-key writes the private JWK with mode 0600 and registers its public half", async (t) => {
  const keyFile = join(dir, "gen-rp.jwk");
  const r = await signet(["clients", "create", "--id", "gen-rp", "--name", "Generated RP", "--redirect-uri", REDIRECT, "--generate-key", keyFile, "--acr", "otp,pin", "--claims", "name,email,birthdate", "--id-token-alg", "ES256", "--name-lang", "fra=Service généré"], env);
  t.is(r.code, 0, r.err);
  t.regex(r.out, /Registered gen-rp \(ACTIVE\)/);
  t.regex(r.out, new RegExp(`Private key \\(JWK, mode 0600\\): ${keyFile}`));
  t.is(statSync(keyFile).mode & 0o777, 0o600);
  const privateJwk = JSON.parse(readFileSync(keyFile, "utf8")) as JWK;
  t.truthy(privateJwk.d);
  const { client } = await s.admin.getClient({ clientId: "gen-rp" });
  const stored = client!.publicKey as unknown as JWK;
  t.false("d" in stored, "only the public half is registered");
  t.is(stored.x, privateJwk.x);
  t.deepEqual(client!.acrValues, ["mosip:idp:acr:generated-code", "mosip:idp:acr:static-code"]);
  t.deepEqual(client!.nameLangmap, { fra: "Service généré" });
  // The written key signs what the registered key verifies (the pair the RP will use for private_key_jwt).
  const jws = await new SignJWT({}).setProtectedHeader({ alg: "ES256" }).sign(await importJWK(privateJwk, "ES256"));
  await t.notThrowsAsync(jwtVerify(jws, await importJWK(stored, "ES256")));
});

test("clients create never overwrites a key file, and removes the key it generated when registration fails", async (t) => {
  const existing = join(dir, "existing.jwk");
  writeFileSync(existing, "precious");
  const clash = await signet(["clients", "create", "--id", "clash-rp", "--name", "x", "--redirect-uri", REDIRECT, "--generate-key", existing], env);
  t.is(clash.code, 2);
  t.regex(clash.err, /--generate-key: .*existing\.jwk exists/);
  t.is(readFileSync(existing, "utf8"), "precious");

  const orphan = join(dir, "orphan.jwk");
  const bad = await signet(["clients", "create", "--id", "orphan-rp", "--name", "x", "--redirect-uri", REDIRECT, "--generate-key", orphan, "--claims", "shoe_size"], env);
  t.is(bad.code, 1);
  t.regex(bad.err, /CreateClient: INVALID_ARGUMENT invalid_claim: allowed_claims: unsupported claims: shoe_size/);
  t.false(existsSync(orphan), "no private key is left for a client that does not exist");
});

test("clients create from a private JWK sends only its public half; from a JWK Set it needs --kid when several keys sign", async (t) => {
  const { privateKey } = await generateKeyPair("PS256", { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const jwkFile = join(dir, "rsa.jwk");
  writeFileSync(jwkFile, JSON.stringify(privateJwk));
  const r = await signet(["clients", "create", "--id", "jwk-rp", "--name", "JWK RP", "--redirect-uri", REDIRECT, "--jwk", jwkFile, "--json"], env);
  t.is(r.code, 0, r.err);
  const body = JSON.parse(r.out) as { client: { clientId: string; publicKey: JWK } };
  t.is(body.client.clientId, "jwk-rp");
  t.is(body.client.publicKey.n, privateJwk.n);
  for (const m of ["d", "p", "q", "dp", "dq", "qi"]) t.false(m in body.client.publicKey, m);

  const a = await exportJWK((await generateKeyPair("ES256", { extractable: true })).publicKey);
  const b = await exportJWK((await generateKeyPair("ES256", { extractable: true })).publicKey);
  const setFile = join(dir, "set.json");
  writeFileSync(setFile, JSON.stringify({ keys: [{ ...a, kid: "a" }, { ...b, kid: "b" }, { ...b, kid: "enc", use: "enc" }] }));
  const ambiguous = await signet(["clients", "create", "--id", "set-rp", "--name", "Set", "--redirect-uri", REDIRECT, "--jwks", setFile], env);
  t.is(ambiguous.code, 2);
  t.regex(ambiguous.err, /has 2 signing keys; choose one with --kid/);
  const chosen = await signet(["clients", "create", "--id", "set-rp", "--name", "Set", "--redirect-uri", REDIRECT, "--jwks", setFile, "--kid", "b"], env);
  t.is(chosen.code, 0, chosen.err);
  t.is(((await s.admin.getClient({ clientId: "set-rp" })).client!.publicKey as unknown as JWK).x, b.x);
});

test("clients list, get, disable and enable", async (t) => {
  const keyFile = join(dir, "life.jwk");
  t.is((await signet(["clients", "create", "--id", "life-rp", "--name", "Lifecycle RP", "--redirect-uri", REDIRECT, "--generate-key", keyFile], env)).code, 0);
  const list = await signet(["clients", "list"], env);
  t.is(list.code, 0, list.err);
  t.regex(list.out.split("\n")[0]!, /^CLIENT ID\s+STATUS\s+NAME\s+ACR\s+REDIRECT URIS$/);
  t.regex(list.out, /life-rp\s+ACTIVE\s+Lifecycle RP\s+generated-code\s+https:\/\/rp\.example\.org\/cb/);
  const json = JSON.parse((await signet(["clients", "list", "--json"], env)).out) as { clients: { clientId: string }[] };
  t.true(json.clients.some((c) => c.clientId === "life-rp"));

  const get = await signet(["clients", "get", "life-rp"], env);
  t.regex(get.out, /^client_id:\s+life-rp$/m);
  t.regex(get.out, /^status:\s+ACTIVE$/m);

  const disabled = await signet(["clients", "disable", "life-rp"], env);
  t.is(disabled.code, 0, disabled.err);
  t.regex(disabled.out, /^Disabled life-rp/);
  t.is((await s.admin.getClient({ clientId: "life-rp" })).client!.status, ClientStatus.INACTIVE);
  t.is((await signet(["clients", "enable", "life-rp", "--json"], env)).code, 0);
  t.is((await s.admin.getClient({ clientId: "life-rp" })).client!.status, ClientStatus.ACTIVE);

  const missing = await signet(["clients", "get", "no-such-rp"], env);
  t.is(missing.code, 1);
  t.regex(missing.err, /^signet: GetClient: NOT_FOUND/);
});

test("keys list and keys rotate", async (t) => {
  const before = await signet(["keys", "list", "--purpose", "credential"], env);
  t.is(before.code, 0, before.err);
  t.regex(before.out.split("\n")[0]!, /^KID\s+ALG\s+STATE\s+SIGNS FROM\s+UNPUBLISHED AT$/);
  t.regex(before.out, /\bEdDSA\s+ACTIVE\b/);
  const rotated = await signet(["keys", "rotate", "--purpose", "credential", "--publish-delay", "300", "--json"], env);
  t.is(rotated.code, 0, rotated.err);
  const { keys } = JSON.parse(rotated.out) as { keys: { kid: string; state: string }[] };
  t.true(keys.length >= 2);
  t.true(keys.every((k) => k.state === "SIGNING_KEY_STATE_PENDING"), JSON.stringify(keys));
  const after = await signet(["keys", "list", "--purpose", "credential"], env);
  for (const k of keys) t.regex(after.out, new RegExp(`^${k.kid}\\s+\\S+\\s+PENDING`, "m"));
});

test("health reports SERVING with exit 0, and an unreachable core with exit 1 and what to set", async (t) => {
  const ok = await signet(["health"], env);
  t.is(ok.code, 0, ok.err);
  t.regex(ok.out, /\(server\)\s+SERVING/);
  t.regex(ok.out, /signet\.v1\.AdminService\s+SERVING/);
  const down = await signet(["health", "--json", "--core-url", `http://127.0.0.1:${await freePort()}`, "--timeout-ms", "3000"], env);
  t.is(down.code, 1);
  t.regex(down.err, /cannot reach the core at http:\/\/127\.0\.0\.1:\d+ .*SIGNET_CORE_URL/);
  t.is((JSON.parse(down.out) as { services: { status: string }[] }).services[0]!.status, "UNREACHABLE");
});

test("a wrong admin token fails in one line that says where the token comes from", async (t) => {
  const tokenFile = join(dir, "wrong-token");
  writeFileSync(tokenFile, "not-the-admin-token-0123456789abcdefghij\n");
  const r = await signet(["clients", "list", "--admin-token-file", tokenFile], env);
  t.is(r.code, 1);
  t.regex(r.err, /ListClients: the core refused the admin token .*--admin-token-file or SIGNET_ADMIN_TOKEN/);
  const none = await signet(["keys", "list"], { SIGNET_CORE_URL: s.coreUrl, SIGNET_DATA_DIR: join(dir, "empty") });
  t.is(none.code, 2);
  t.regex(none.err, /cannot read the admin token from .*empty\/admin-token/);
});

test("usage mistakes exit 2 naming the option; --help on every command exits 0", async (t) => {
  const cases: [string[], RegExp][] = [
    [["clients", "create", "--name", "x", "--redirect-uri", REDIRECT, "--generate-key", "k"], /--id is required/],
    [["clients", "create", "--id", "x", "--name", "x", "--redirect-uri", REDIRECT], /exactly one of --jwk, --jwks or --generate-key/],
    [["clients", "create", "--id", "x", "--name", "x", "--redirect-uri", REDIRECT, "--generate-key", "k", "--key-alg", "HS256"], /--key-alg: must be one of ES256, PS256, RS256/],
    [["clients", "list", "--colour"], /Unknown option '--colour'/],
    [["clients", "get"], /the client id is required/],
    [["keys", "rotate", "--purpose", "cookies"], /--purpose: must be token or credential/],
    [["keys", "rotate", "--publish-delay", "-5"], /--publish-delay/],
    [["health", "--core-url", "ftp://x"], /--core-url: "ftp:\/\/x" must be http/],
    [["clients", "frobnicate"], /unknown command "clients frobnicate"/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["migrate", "sideways"], /unknown migrate command "sideways"/],
  ];
  for (const [argv, message] of cases) {
    const r = await signet(argv, env);
    t.is(r.code, 2, argv.join(" "));
    t.regex(r.err, message, argv.join(" "));
    t.regex(r.err, /Usage: signet/, `${argv.join(" ")} prints the usage`);
  }
  const helps: [string[], RegExp][] = [
    [["--help"], /Operators \(over gRPC/],
    [["start", "--help"], /SIGNET_ISSUER/],
    [["core", "--help"], /Usage: signet core/],
    [["gateway", "--help"], /Usage: signet gateway/],
    [["migrate", "--help"], /rollback\s+revert the last batch/],
    [["sbi-sim", "--help"], /faults: /],
    [["clients", "--help"], /create\s+register a client/],
    [["clients", "create", "--help"], /--generate-key <file>/],
    [["clients", "list", "--help"], /Usage: signet clients list/],
    [["clients", "get", "--help"], /Usage: signet clients get <client_id>/],
    [["clients", "disable", "--help"], /can no longer start a login/],
    [["keys", "--help"], /rotate\s+rotate the signing keys/],
    [["keys", "list", "--help"], /--all\s+include retired keys/],
    [["keys", "rotate", "--help"], /--publish-delay <s>/],
    [["health", "--help"], /grpc\.health\.v1\.Health\/Check/],
  ];
  for (const [argv, text] of helps) {
    const r = await signet(argv, env);
    t.is(r.code, 0, argv.join(" "));
    t.regex(r.out, text, argv.join(" "));
    t.regex(r.out, /--core-url|Usage|faults/, argv.join(" "));
  }
});
