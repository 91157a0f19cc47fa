/** Consent decisions and consent-page choices (eSignet §7.4, §3.9), table-style. */
import test from "ava";
import type { RequestedClaim } from "../../src/core/rules/claims-request.js";
import { consentChoiceViolation, consentRequestHash, decideConsent, type StoredConsent } from "../../src/core/rules/consent.js";

const c = (name: string, essential = false): RequestedClaim => ({ name, essential, purpose: "" });
const claims = [c("name", true), c("email"), c("birthdate")];
const scopes = ["Manage-VID"];
const stored = (over: Partial<StoredConsent> = {}): StoredConsent => ({
  claims: ["name", "email"],
  scopes: ["Manage-VID"],
  requestHash: consentRequestHash(claims, scopes),
  ...over,
});

test("the request hash ignores order and purposes but not essentiality", (t) => {
  const h = consentRequestHash(claims, scopes);
  t.is(consentRequestHash([...claims].reverse(), scopes), h);
  t.is(consentRequestHash(claims.map((x) => ({ ...x, purpose: "why" })), scopes), h);
  t.not(consentRequestHash([c("name"), c("email"), c("birthdate")], scopes), h);
  t.not(consentRequestHash(claims, []), h);
  t.not(consentRequestHash([...claims, c("address")], scopes), h);
});

const decisions: [string, Parameters<typeof decideConsent>[0], ReturnType<typeof decideConsent>][] = [
  ["nothing requested needs no consent", { claims: [], authorizeScopes: [], forceConsent: true, stored: null }, { required: false, claims: [], scopes: [] }],
  ["first time: consent required", { claims, authorizeScopes: scopes, forceConsent: false, stored: null }, { required: true }],
  ["a matching stored consent is reused", { claims, authorizeScopes: scopes, forceConsent: false, stored: stored() }, { required: false, claims: ["name", "email"], scopes: ["Manage-VID"] }],
  ["prompt=consent asks again", { claims, authorizeScopes: scopes, forceConsent: true, stored: stored() }, { required: true }],
  ["a changed request asks again", { claims: [...claims, c("address")], authorizeScopes: scopes, forceConsent: false, stored: stored() }, { required: true }],
  ["a stored consent with a foreign hash asks again", { claims, authorizeScopes: scopes, forceConsent: false, stored: stored({ requestHash: "x" }) }, { required: true }],
  ["stored claims are cut to what is requested", { claims, authorizeScopes: scopes, forceConsent: false, stored: stored({ claims: ["name", "phone_number"], scopes: ["Manage-VID", "Manage-Credentials"] }) }, { required: false, claims: ["name"], scopes: ["Manage-VID"] }],
];
for (const [name, input, expected] of decisions) {
  test(`consent decision: ${name}`, (t) => {
    t.deepEqual(JSON.parse(JSON.stringify(decideConsent(input))), expected);
  });
}

const choices: [string, string[], string[], { field: string; rule: RegExp } | undefined][] = [
  ["everything accepted", ["name", "email", "birthdate"], ["Manage-VID"], undefined],
  ["only the essential claim", ["name"], [], undefined],
  ["duplicates are harmless", ["name", "name"], [], undefined],
  ["the essential claim left out", ["email"], [], { field: "accepted_claims", rule: /essential claims must be accepted: name/ }],
  ["a claim that was not requested", ["name", "address"], [], { field: "accepted_claims", rule: /not requested: address/ }],
  ["a scope that was not requested", ["name"], ["Manage-Credentials"], { field: "permitted_scopes", rule: /not requested: Manage-Credentials/ }],
];
for (const [name, accepted, permitted, expected] of choices) {
  test(`consent choice: ${name}`, (t) => {
    const v = consentChoiceViolation(claims, scopes, accepted, permitted);
    if (!expected) {
      t.is(v, undefined);
      return;
    }
    t.is(v?.field as string | undefined, expected.field);
    t.regex(v?.rule ?? "", expected.rule);
  });
}
