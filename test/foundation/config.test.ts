/**
 * loadConfig: defaults < JSON file < environment < overrides, errors naming the option
 * and its source, and helpText covering every option.
 */
import test from "ava";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ConfigError, helpText, loadConfig } from "../../src/config/config.js";
import { options } from "../../src/config/options.js";

const dir = mkdtempSync(join(tmpdir(), "signet-config-"));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function configFile(content: unknown): string {
  const file = join(dir, `config-${++n}.json`);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

test("with nothing set, every option has its documented default", (t) => {
  const c = loadConfig({ env: {} });
  t.is(c.core.port, 50051);
  t.is(c.core.maxMessageBytes, 1024 * 1024);
  t.is(c.gateway.port, 8088);
  t.is(c.tokens.codeSeconds, 60);
  t.is(c.sbi.decrypt, true);
  t.deepEqual(c.sbi.deviceTrustRoots, []);
  t.is(c.adminToken, undefined);
  t.is(c.issuer, "http://127.0.0.1:8088", "issuer derived from the gateway address");
  t.is(c.dataDir, resolve("./data"));
  t.is(c.database.sqliteFile, join(resolve("./data"), "signet.db"));
  t.false(c.production);
});

const layers: [name: string, input: () => Parameters<typeof loadConfig>[0], port: number][] = [
  ["the default", () => ({ env: {} }), 50051],
  ["a file over the default", () => ({ env: {}, file: configFile({ core: { port: 1001 } }) }), 1001],
  ["SIGNET_CONFIG names the file", () => ({ env: { SIGNET_CONFIG: configFile({ core: { port: 1002 } }) } }), 1002],
  ["the environment over the file", () => ({ env: { SIGNET_CORE_PORT: "2002" }, file: configFile({ core: { port: 1003 } }) }), 2002],
  ["an empty env var leaves the file value", () => ({ env: { SIGNET_CORE_PORT: "" }, file: configFile({ core: { port: 1004 } }) }), 1004],
  ["overrides over the environment", () => ({ env: { SIGNET_CORE_PORT: "2003" }, file: configFile({ core: { port: 1005 } }), overrides: { core: { port: 3003 } } }), 3003],
];
for (const [name, input, port] of layers) {
  test(`precedence: ${name} (core.port = ${port})`, (t) => {
    t.is(loadConfig(input()).core.port, port);
  });
}

test("precedence applies per option: a file sets one, the environment another, defaults the rest", (t) => {
  const c = loadConfig({ env: { SIGNET_MAX_MESSAGE_BYTES: "131072" }, file: configFile({ tokens: { codeSeconds: 30 } }) });
  t.is(c.tokens.codeSeconds, 30);
  t.is(c.core.maxMessageBytes, 131072);
  t.is(c.tokens.accessTokenSeconds, 3600);
});

test("env values are parsed by type: ints, booleans and comma lists", (t) => {
  const c = loadConfig({ env: { SIGNET_SBI_DECRYPT: "false", SIGNET_SBI_DEVICE_ROOTS: "a.pem, b.pem,", SIGNET_ACCESS_TOKEN_SECONDS: "120" } });
  t.false(c.sbi.decrypt);
  t.deepEqual(c.sbi.deviceTrustRoots, ["a.pem", "b.pem"]);
  t.is(c.tokens.accessTokenSeconds, 120);
});

const errors: [name: string, input: () => Parameters<typeof loadConfig>[0], message: RegExp][] = [
  ["a non-numeric port in the environment", () => ({ env: { SIGNET_CORE_PORT: "abc" } }), /^core\.port \(env SIGNET_CORE_PORT\): must be a non-negative integer/],
  ["a negative number in the file", () => ({ env: {}, file: configFile({ tokens: { codeSeconds: -1 } }) }), /^tokens\.codeSeconds \(file .*config-\d+\.json\): must be a non-negative integer/],
  ["a bad boolean", () => ({ env: { SIGNET_SBI_DECRYPT: "yes" } }), /^sbi\.decrypt \(env SIGNET_SBI_DECRYPT\): must be true or false/],
  ["a number where a string belongs, in overrides", () => ({ env: {}, overrides: { issuer: 42 } }), /^issuer \(override\): must be a string/],
  ["a list of non-strings in the file", () => ({ env: {}, file: configFile({ sbi: { ftmTrustRoots: [1] } }) }), /^sbi\.ftmTrustRoots \(file/],
  ["an unreadable config file", () => ({ env: {}, file: join(dir, "missing.json") }), /^config file .*missing\.json/],
  ["a config file that is not JSON", () => ({ env: {}, file: configFile("{not json") }), /^config file .*config-\d+\.json/],
  ["an issuer with a query", () => ({ env: { SIGNET_ISSUER: "https://id.example.org/?x=1" } }), /^issuer: must be an http\(s\) URL/],
  ["an unknown log level (which would log at every level)", () => ({ env: { SIGNET_LOG_LEVEL: "warning" } }), /^logLevel \(env SIGNET_LOG_LEVEL\): must be one of debug, info, warn, error, silent/],
  ["an http issuer in production", () => ({ env: { NODE_ENV: "production", SIGNET_ISSUER: "http://id.example.org" } }), /^issuer: must use https under NODE_ENV=production/],
];
for (const [name, input, message] of errors) {
  test(`refuses ${name}, naming the option`, (t) => {
    const err = t.throws(() => loadConfig(input()), { instanceOf: ConfigError });
    t.regex(err?.message ?? "", message);
  });
}

test("an issuer loses its trailing slash and production is read from NODE_ENV", (t) => {
  const c = loadConfig({ env: { NODE_ENV: "production", SIGNET_ISSUER: "https://id.example.org/" } });
  t.is(c.issuer, "https://id.example.org");
  t.true(c.production);
});

test("helpText lists every environment variable with its config path", (t) => {
  const text = helpText();
  t.true(options.length > 20);
  for (const o of options) {
    t.true(text.includes(o.env), `${o.env} documented`);
    t.true(text.includes(o.path), `${o.path} documented`);
  }
  t.regex(text, /precedence/);
});

test("every option has a distinct environment variable and path", (t) => {
  t.is(new Set(options.map((o) => o.env)).size, options.length);
  t.is(new Set(options.map((o) => o.path)).size, options.length);
  for (const o of options) t.regex(o.env, /^(SIGNET_[A-Z0-9_]+|DATABASE_URL)$/);
});

test("integer options are refused outside their range, naming the option and the bound", (t) => {
  for (const [env, value, rule] of [
    ["SIGNET_AUTHENTICATE_ATTEMPTS", "0", /login\.authenticateAttempts \(env SIGNET_AUTHENTICATE_ATTEMPTS\): must be at least 1/],
    ["SIGNET_CODE_SECONDS", "3600", /tokens\.codeSeconds \(env SIGNET_CODE_SECONDS\): must be at most 600/],
    ["SIGNET_ACCESS_TOKEN_SECONDS", "0", /tokens\.accessTokenSeconds .*must be at least 1/],
    ["SIGNET_SBI_FINGER_COUNT", "11", /sbi\.fingerCount .*must be at most 10/],
  ] as const) {
    const err = t.throws(() => loadConfig({ env: { [env]: value } }));
    t.regex(err?.message ?? "", rule);
  }
  t.is(loadConfig({ env: { SIGNET_CODE_SECONDS: "600" } }).tokens.codeSeconds, 600);
});

test("the credentials context URL: empty by default (served by the issuer), an http(s) URL with a path when set, https under production", (t) => {
  t.is(loadConfig({ env: {} }).vci.contextUrl, "");
  const published = "https://contexts.example.gov/signet/credentials/v1";
  t.is(loadConfig({ env: { SIGNET_CREDENTIALS_CONTEXT_URL: published } }).vci.contextUrl, published);
  t.throws(() => loadConfig({ env: { SIGNET_CREDENTIALS_CONTEXT_URL: "contexts/v1" } }), { instanceOf: ConfigError, message: /^vci\.contextUrl: must be an http\(s\) URL/ });
  t.throws(() => loadConfig({ env: { SIGNET_CREDENTIALS_CONTEXT_URL: "https://example.gov/v1#x" } }), { instanceOf: ConfigError, message: /vci\.contextUrl/ });
  const production = { NODE_ENV: "production", SIGNET_ISSUER: "https://id.example.gov" };
  t.throws(() => loadConfig({ env: { ...production, SIGNET_CREDENTIALS_CONTEXT_URL: "http://contexts.example.gov/v1" } }), { message: /vci\.contextUrl: must use https under NODE_ENV=production/ });
  t.is(loadConfig({ env: { ...production, SIGNET_CREDENTIALS_CONTEXT_URL: published } }).vci.contextUrl, published);
});

test("the demo: on by default in development, off by default in production, where SIGNET_DEMO=true is refused", async (t) => {
  const { demoEnabled } = await import("../../src/cli/commands/demo.js");
  const production = { NODE_ENV: "production", SIGNET_ISSUER: "https://id.example.gov" };
  t.true(demoEnabled(loadConfig({ env: {} })));
  t.false(demoEnabled(loadConfig({ env: { SIGNET_DEMO: "false" } })));
  t.false(demoEnabled(loadConfig({ env: production })));
  t.false(demoEnabled(loadConfig({ env: { ...production, SIGNET_DEMO: "false" } })));
  t.throws(() => demoEnabled(loadConfig({ env: { ...production, SIGNET_DEMO: "true" } })), { instanceOf: ConfigError, message: /development only; refused under NODE_ENV=production/ });
});

test("a publish delay shorter than key reloads plus JWKS caching plus clock skew is refused, naming the option and the settings it derives from", (t) => {
  t.throws(() => loadConfig({ env: { SIGNET_KEYS_PUBLISH_DELAY_SECONDS: "60" } }), {
    instanceOf: ConfigError,
    message: /^keys\.publishDelaySeconds \(SIGNET_KEYS_PUBLISH_DELAY_SECONDS\): must be at least 125 s \(keys\.refreshSeconds 60 \+ keys\.jwksMaxAgeSeconds 60 \+ tokens\.clockSkewSeconds 5\)/,
  });
  // The minimum follows the settings it is made of.
  t.throws(() => loadConfig({ env: { SIGNET_KEYS_PUBLISH_DELAY_SECONDS: "125", SIGNET_JWKS_MAX_AGE_SECONDS: "300" } }), { message: /at least 365 s/ });
  t.is(loadConfig({ env: { SIGNET_KEYS_PUBLISH_DELAY_SECONDS: "125" } }).keys.publishDelaySeconds, 125);
  t.is(loadConfig({ env: { SIGNET_KEYS_PUBLISH_DELAY_SECONDS: "12", SIGNET_KEYS_REFRESH_SECONDS: "5", SIGNET_JWKS_MAX_AGE_SECONDS: "5", SIGNET_CLOCK_SKEW_SECONDS: "2" } }).keys.publishDelaySeconds, 12);
  t.is(loadConfig({ env: {} }).keys.publishDelaySeconds, 0, "unset: RotateSigningKey uses the minimum");
});
