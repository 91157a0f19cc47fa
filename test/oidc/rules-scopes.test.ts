/** Scope resolution (OIDC Core §3.1.2.1, §5.4; eSignet §5.2), table-style. */
import test from "ava";
import { claimsOfScopes, resolveScopes } from "../../src/core/rules/scopes.js";

const CRED = ["NationalIdCredential", "HealthCredential"];

const ok: [string, string, { openid: string[]; authorize: string[]; credential: string[]; isOidc: boolean }][] = [
  ["openid alone", "openid", { openid: ["openid"], authorize: [], credential: [], isOidc: true }],
  ["openid with profile and email", "openid profile email", { openid: ["openid", "profile", "email"], authorize: [], credential: [], isOidc: true }],
  ["duplicates and extra spaces collapse", "openid  profile openid ", { openid: ["openid", "profile"], authorize: [], credential: [], isOidc: true }],
  ["unknown scopes are ignored", "openid offline_access foo", { openid: ["openid"], authorize: [], credential: [], isOidc: true }],
  ["an authorize scope alone is OAuth 2.0", "Manage-VID", { openid: [], authorize: ["Manage-VID"], credential: [], isOidc: false }],
  ["openid with an authorize scope", "openid Manage-VID", { openid: ["openid"], authorize: ["Manage-VID"], credential: [], isOidc: true }],
  ["one credential scope", "NationalIdCredential", { openid: [], authorize: [], credential: ["NationalIdCredential"], isOidc: false }],
];
for (const [name, scope, expected] of ok) {
  test(`scope "${scope}": ${name}`, (t) => {
    const r = resolveScopes(scope, CRED);
    t.true(r.ok);
    if (r.ok) t.deepEqual({ ...r.scopes }, expected);
  });
}

const bad: [string, string, RegExp][] = [
  ["empty", "", /must include openid/],
  ["only unknown scopes", "foo bar", /must include openid/],
  ["profile without openid", "profile email", /requires openid/],
  ["credential mixed with openid", "openid NationalIdCredential", /cannot be combined/],
  ["credential mixed with an authorize scope", "Manage-VID NationalIdCredential", /cannot be combined/],
  ["two credential scopes", "NationalIdCredential HealthCredential", /one credential scope/],
  ["scopes are case-sensitive", "OpenID", /must include openid/],
];
for (const [name, scope, rule] of bad) {
  test(`scope "${scope}" is refused: ${name}`, (t) => {
    const r = resolveScopes(scope, CRED);
    t.false(r.ok);
    if (!r.ok) t.regex(r.rule, rule);
  });
}

test("credential scopes are only those the issuer configured", (t) => {
  const r = resolveScopes("NationalIdCredential", []);
  t.false(r.ok);
});

test("claims implied by scopes follow OIDC Core §5.4", (t) => {
  t.deepEqual(claimsOfScopes(["openid"]), []);
  t.deepEqual(claimsOfScopes(["email", "phone"]), ["email", "email_verified", "phone_number", "phone_number_verified"]);
  t.deepEqual(claimsOfScopes(["address", "address"]), ["address"]);
  t.true(claimsOfScopes(["profile"]).includes("birthdate"));
  t.false(claimsOfScopes(["profile"]).includes("email"));
  t.deepEqual(claimsOfScopes(["Manage-VID"]), [], "non-OpenID scopes imply no claims");
});
