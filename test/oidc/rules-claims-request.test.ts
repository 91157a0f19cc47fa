/** The `claims` request parameter (OIDC Core §5.5) and requested-claim resolution, table-style. */
import test from "ava";
import { parseClaimsRequest, resolveRequestedClaims } from "../../src/core/rules/claims-request.js";

const parsed: [string, string, unknown][] = [
  ["empty means no claims request", "", { userinfo: {}, idToken: {} }],
  ["an empty object", "{}", { userinfo: {}, idToken: {} }],
  ["null members are voluntary", '{"userinfo":{"email":null}}', { userinfo: { email: { essential: false } }, idToken: {} }],
  ["essential, purpose and value are kept", '{"userinfo":{"name":{"essential":true,"purpose":"To greet you"}},"id_token":{"acr":{"value":"x"}}}',
    { userinfo: { name: { essential: true, purpose: "To greet you" } }, idToken: { acr: { essential: false, value: "x" } } }],
  ["values are kept", '{"id_token":{"acr":{"values":["a","b"],"essential":true}}}', { userinfo: {}, idToken: { acr: { essential: true, values: ["a", "b"] } } }],
  ["unknown top-level members are ignored", '{"other":1}', { userinfo: {}, idToken: {} }],
];
for (const [name, raw, expected] of parsed) {
  test(`claims parses: ${name}`, (t) => {
    const r = parseClaimsRequest(raw);
    t.true(r.ok);
    if (r.ok) t.deepEqual(JSON.parse(JSON.stringify(r.claims)), expected);
  });
}

const refused: [string, string, RegExp][] = [
  ["not JSON", "{userinfo}", /must be a JSON object/],
  ["a JSON array", "[]", /must be a JSON object/],
  ["a JSON string", '"x"', /must be a JSON object/],
  ["JSON null", "null", /must be a JSON object/],
  ["userinfo is an array", '{"userinfo":[]}', /claims\.userinfo must be a JSON object/],
  ["id_token is a string", '{"id_token":"acr"}', /claims\.id_token must be a JSON object/],
  ["a claim is a string", '{"userinfo":{"email":"yes"}}', /claims\.userinfo\.email must be null or an object/],
  ["essential is a string", '{"userinfo":{"email":{"essential":"true"}}}', /essential must be a boolean/],
  ["values is not an array", '{"id_token":{"acr":{"values":"a"}}}', /values must be an array/],
  ["purpose too short", '{"userinfo":{"email":{"purpose":"ab"}}}', /purpose must be a string of 3–300/],
  ["purpose too long", JSON.stringify({ userinfo: { email: { purpose: "p".repeat(301) } } }), /purpose must be a string of 3–300/],
  ["purpose not a string", '{"userinfo":{"email":{"purpose":5}}}', /purpose must be a string/],
];
for (const [name, raw, rule] of refused) {
  test(`claims refused: ${name}`, (t) => {
    const r = parseClaimsRequest(raw);
    t.false(r.ok);
    if (!r.ok) t.regex(r.rule, rule);
  });
}

test("requested claims: scope claims and claims.userinfo, limited to the client's allowed claims in registered order", (t) => {
  const request = parseClaimsRequest('{"userinfo":{"birthdate":{"essential":true,"purpose":"Age check"},"address":null,"individual_id":null}}');
  if (!request.ok) return t.fail();
  const claims = resolveRequestedClaims(["name", "email", "birthdate", "address"], ["name", "email", "email_verified"], request.claims);
  t.deepEqual(claims, [
    { name: "name", essential: false, purpose: "" },
    { name: "email", essential: false, purpose: "" },
    { name: "birthdate", essential: true, purpose: "Age check" },
    { name: "address", essential: false, purpose: "" },
  ]);
  t.false(claims.some((c) => c.name === "individual_id"), "a claim the client is not registered for is dropped");
});

test("requested claims: nothing requested, nothing resolved", (t) => {
  t.deepEqual(resolveRequestedClaims(["name"], [], { userinfo: {}, idToken: {} }), []);
});

test("id_token claims do not add userinfo claims", (t) => {
  const request = parseClaimsRequest('{"id_token":{"email":{"essential":true}}}');
  if (!request.ok) return t.fail();
  t.deepEqual(resolveRequestedClaims(["email"], [], request.claims), []);
});
