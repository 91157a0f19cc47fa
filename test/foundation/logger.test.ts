import test from "ava";
import { createLogger, withLogContext } from "../../src/core/logger.js";

function capture(level: "debug" | "info" | "warn" | "error" | "silent" = "debug") {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger(level, (line) => lines.push(JSON.parse(line) as Record<string, unknown>)) };
}

test("secrets are redacted by path, at the top level and one object down", (t) => {
  const { lines, logger } = capture();
  logger.info("x", {
    pin: "545411", otp: "111111", access_token: "eyJ…", csrfToken: "c", client_assertion: "a", authorization_code: "ac",
    headers: { authorization: "Bearer secret", cookie: "signet_tx=1", "set-cookie": "s", accept: "text/html" },
    request: { individualId: "8267411571", biometrics: [{ bioValue: "…" }] },
    client_id: "rp-1",
  });
  const line = lines[0]!;
  for (const k of ["pin", "otp", "access_token", "csrfToken", "client_assertion", "authorization_code"]) t.is(line[k], "[redacted]", k);
  t.deepEqual(line.headers, { authorization: "[redacted]", cookie: "[redacted]", "set-cookie": "[redacted]", accept: "text/html" });
  t.deepEqual(line.request, { individualId: "[redacted]", biometrics: "[redacted]" });
  t.is(line.client_id, "rp-1");
  t.false(JSON.stringify(line).includes("545411") || JSON.stringify(line).includes("Bearer secret") || JSON.stringify(line).includes("8267411571"));
});

test("the gRPC status code and boolean facts stay readable", (t) => {
  const { lines, logger } = capture();
  logger.info("rpc", { rpc: "signet.v1.IdentityService/ExchangeToken", code: "INVALID_ARGUMENT", error: "invalid_grant" });
  logger.info("authorization_code.consumed", { client_id: "rp", id_token: true });
  t.like(lines[0], { level: "info", msg: "rpc", code: "INVALID_ARGUMENT", error: "invalid_grant" });
  t.like(lines[1], { id_token: true });
  t.regex(String(lines[0]!.time), /^\d{4}-\d\d-\d\dT/);
});

test("levels below the threshold, and everything when silent, are dropped", (t) => {
  const info = capture("info");
  info.logger.debug("d");
  info.logger.info("i");
  info.logger.error("e");
  t.deepEqual(info.lines.map((l) => [l.level, l.msg]), [["info", "i"], ["error", "e"]]);
  const silent = capture("silent");
  silent.logger.error("e");
  t.deepEqual(silent.lines, []);
});

test("lines logged inside a log context carry its fields, across awaits, and only there", async (t) => {
  const { lines, logger } = capture();
  await withLogContext({ request_id: "r-1", trace_id: "t-1" }, async () => {
    await new Promise((resolve) => setImmediate(resolve));
    logger.info("inside");
  });
  logger.info("outside");
  t.like(lines[0], { msg: "inside", request_id: "r-1", trace_id: "t-1" });
  t.false("request_id" in lines[1]!);
});
