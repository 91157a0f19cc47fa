/** PKCE rules (RFC 7636), table-style: S256 only, challenge and verifier shapes, constant-time match. */
import test from "ava";
import { pkceRequestViolation, pkceVerifierViolation, s256 } from "../../src/core/rules/pkce.js";

// RFC 7636 Appendix B.
const RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

test("s256 reproduces the RFC 7636 Appendix B example", (t) => {
  t.is(s256(RFC_VERIFIER), RFC_CHALLENGE);
});

const requestCases: [string, string, string, RegExp | undefined][] = [
  ["S256 with a 43-char challenge", RFC_CHALLENGE, "S256", undefined],
  ["no challenge", "", "S256", /code_challenge is required/],
  ["no challenge and no method", "", "", /code_challenge is required/],
  ["plain", RFC_CHALLENGE, "plain", /plain is not supported/],
  ["no method (defaults to plain, §4.3)", RFC_CHALLENGE, "", /must be S256/],
  ["lower-case s256", RFC_CHALLENGE, "s256", /must be S256/],
  ["unknown method", RFC_CHALLENGE, "S512", /must be S256/],
  ["challenge too short", RFC_CHALLENGE.slice(0, 42), "S256", /43 base64url/],
  ["challenge too long", `${RFC_CHALLENGE}A`, "S256", /43 base64url/],
  ["challenge with padding", `${RFC_CHALLENGE.slice(0, 42)}=`, "S256", /43 base64url/],
  ["challenge in standard base64 (+/)", `${RFC_CHALLENGE.slice(0, 41)}+/`, "S256", /43 base64url/],
];
for (const [name, challenge, method, expected] of requestCases) {
  test(`authorize PKCE: ${name}`, (t) => {
    const v = pkceRequestViolation(challenge, method);
    if (expected) t.regex(v ?? "", expected);
    else t.is(v, undefined);
  });
}

const verifierCases: [string, string, string, RegExp | undefined][] = [
  ["the matching verifier", RFC_VERIFIER, RFC_CHALLENGE, undefined],
  ["a 128-char verifier", "a".repeat(128), s256("a".repeat(128)), undefined],
  ["all unreserved characters", `AZaz09-._~${"x".repeat(33)}`, s256(`AZaz09-._~${"x".repeat(33)}`), undefined],
  ["an empty verifier", "", RFC_CHALLENGE, /code_verifier is required/],
  ["a 42-char verifier", "a".repeat(42), s256("a".repeat(42)), /43–128/],
  ["a 129-char verifier", "a".repeat(129), s256("a".repeat(129)), /43–128/],
  ["a verifier with a reserved character", `${"a".repeat(42)}+`, s256(`${"a".repeat(42)}+`), /43–128/],
  ["a verifier with a space", `${"a".repeat(42)} `, s256(`${"a".repeat(42)} `), /43–128/],
  ["another verifier", "b".repeat(43), RFC_CHALLENGE, /does not match/],
  ["the challenge presented as verifier (plain)", RFC_CHALLENGE, RFC_CHALLENGE, /does not match/],
  ["a stored challenge of another length", RFC_VERIFIER, "short", /does not match/],
];
for (const [name, verifier, challenge, expected] of verifierCases) {
  test(`token PKCE: ${name}`, (t) => {
    const v = pkceVerifierViolation(verifier, challenge);
    if (expected) t.regex(v ?? "", expected);
    else t.is(v, undefined);
  });
}
