/**
 * Every string, bytes, repeated and map field of the signet.v1 contract declares a
 * `buf.validate` upper bound, so no request field reaches a handler unbounded; and the
 * descriptions sent to relying parties hold only RFC 6749 characters and are bounded.
 */
import test from "ava";
import { getOption, hasOption, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { ScalarType } from "@bufbuild/protobuf";
import { field as fieldRules } from "../../src/gen/buf/validate/validate_pb.js";
import { file_signet_v1_admin } from "../../src/gen/signet/v1/admin_pb.js";
import { file_signet_v1_error } from "../../src/gen/signet/v1/error_pb.js";
import { file_signet_v1_identity } from "../../src/gen/signet/v1/identity_pb.js";
import { file_signet_v1_identity_system } from "../../src/gen/signet/v1/identity_system_pb.js";
import { file_signet_v1_sbi } from "../../src/gen/signet/v1/sbi_pb.js";
import { safeDescription } from "../../src/core/error-text.js";
import { signetError, toConnectError } from "../../src/core/errors/index.js";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { oauthText } from "../../gateway/errors/oauth-text.js";

const files = [file_signet_v1_identity, file_signet_v1_identity_system, file_signet_v1_admin, file_signet_v1_sbi, file_signet_v1_error];

/** The reason `f` is unbounded, or undefined when its rules cap it. */
function unbounded(f: DescField): string | undefined {
  const rules = hasOption(f, fieldRules) ? getOption(f, fieldRules) : undefined;
  if (f.fieldKind === "list") {
    if (rules?.type.case !== "repeated" || rules.type.value.maxItems === undefined) return "repeated without max_items";
    if (f.listKind === "scalar" && (f.scalar === ScalarType.STRING || f.scalar === ScalarType.BYTES)) {
      const items = rules.type.value.items?.type;
      if (items?.case !== "string" && items?.case !== "bytes") return "repeated items without a length rule";
      if (items.value.maxLen === undefined) return "repeated items without max_len";
    }
    return undefined;
  }
  if (f.fieldKind === "map") {
    if (rules?.type.case !== "map" || rules.type.value.maxPairs === undefined) return "map without max_pairs";
    return undefined;
  }
  if (f.fieldKind === "scalar" && (f.scalar === ScalarType.STRING || f.scalar === ScalarType.BYTES)) {
    if ((rules?.type.case !== "string" && rules?.type.case !== "bytes") || rules.type.value.maxLen === undefined) return "without max_len";
  }
  return undefined;
}

test("every string, bytes, repeated and map field of signet.v1 declares an upper bound", (t) => {
  const missing: string[] = [];
  let checked = 0;
  const visit = (m: DescMessage) => {
    for (const f of m.fields) {
      if (f.fieldKind !== "message" && f.fieldKind !== "enum" && !(f.fieldKind === "scalar" && f.scalar !== ScalarType.STRING && f.scalar !== ScalarType.BYTES)) checked++;
      const why = unbounded(f);
      if (why) missing.push(`${m.typeName}.${f.name}: ${why}`);
    }
    m.nestedMessages.forEach(visit);
  };
  for (const file of files) file.messages.forEach(visit);
  t.deepEqual(missing, []);
  t.true(checked >= 140, `checked ${checked} fields`);
});

test("descriptions keep only RFC 6749 §5.2 characters, with readable stand-ins, and are bounded", (t) => {
  for (const clean of [safeDescription, oauthText]) {
    t.is(clean('must be 1–5 "items" (OpenID4VCI §8.2)\\é'), "must be 1-5 'items' (OpenID4VCI section 8.2)/?");
    const long = clean(`x${"\u0000".repeat(5_000_000)}`);
    t.is(long.length, 512);
    t.true(long.endsWith("..."));
    t.regex(long, /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/);
  }
});

test("the error boundary, the one place ErrorDetails are made, sends no raw attacker text", (t) => {
  const err = toConnectError(signetError("invalid_request", `prompt: unsupported prompt value <script>"${"\n".repeat(10)}${"p".repeat(10_000)}`, { field: "prompt" }), () => undefined);
  const detail = err.findDetails(ErrorDetailSchema)[0]!;
  t.true(detail.errorDescription.length <= 512);
  t.regex(detail.errorDescription, /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/);
  t.true(detail.errorDescription.startsWith("prompt: unsupported prompt value <script>'"));
});

test("the oversized-string fast path names fields exactly as protovalidate does, and refuses only what protovalidate would", async (t) => {
  const { createValidator } = await import("@bufbuild/protovalidate");
  const { pathToString } = await import("@bufbuild/protobuf/reflect");
  const { create } = await import("@bufbuild/protobuf");
  const { AuthenticateRequestSchema, AuthorizeRequestSchema } = await import("../../src/gen/signet/v1/identity_pb.js");
  const { certainlyOversized } = await import("../../src/core/interceptors/oversized-strings.js");
  const validator = createValidator({ failFast: true });
  const record = (data: string) => ({ specVersion: "0.9.5", data, hash: "", sessionKey: "", thumbprint: "" });
  const cases = [
    create(AuthorizeRequestSchema, { state: "s".repeat(4097) }),
    create(AuthorizeRequestSchema, { resource: ["a", "r".repeat(4097)] }),
    create(AuthenticateRequestSchema, { challenges: [{ challenge: { case: "pin", value: "1" } }, { challenge: { case: "biometric", value: { biometrics: [record("d"), record("d".repeat(1_048_577))] } } }] }),
    create(AuthenticateRequestSchema, { challenges: [{ challenge: { case: "encoded", value: { challenge: "=".repeat(1_048_577) } } }] }),
  ] as const;
  for (const message of cases) {
    const result = validator.validate(message.$typeName === "signet.v1.AuthorizeRequest" ? AuthorizeRequestSchema : AuthenticateRequestSchema, message as never);
    t.is(result.kind, "invalid");
    const expected = result.kind === "invalid" ? pathToString(result.violations[0]!.field) : "";
    t.is(certainlyOversized(message.$typeName === "signet.v1.AuthorizeRequest" ? AuthorizeRequestSchema : AuthenticateRequestSchema, message)?.field, expected);
  }
  // Within twice the limit the fast path says nothing: protovalidate counts code points.
  t.is(certainlyOversized(AuthorizeRequestSchema, create(AuthorizeRequestSchema, { state: "é".repeat(2049) })), undefined);
  t.is(certainlyOversized(AuthorizeRequestSchema, create(AuthorizeRequestSchema, { state: "s".repeat(2048) })), undefined);
});
