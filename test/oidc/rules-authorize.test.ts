/**
 * The authorization request rules once client and redirect URI are trusted (OIDC Core
 * §3.1.2.1, RFC 6749 §4.1.1, RFC 7636 §4.4.1, RFC 8707 §2), table-style.
 */
import test from "ava";
import { checkAuthorizeParams, type AuthorizeContext, type AuthorizeParams } from "../../src/core/rules/authorize-rules.js";

const OTP = "mosip:idp:acr:generated-code";
const PIN = "mosip:idp:acr:static-code";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const ISSUER = "https://id.example.org";

const base: AuthorizeParams = {
  responseType: "code",
  responseMode: "",
  scope: "openid profile",
  state: "s",
  nonce: "n",
  codeChallenge: CHALLENGE,
  codeChallengeMethod: "S256",
  acrValues: "",
  claims: "",
  claimsLocales: "",
  uiLocales: "",
  prompt: "",
  maxAge: "",
  display: "",
  resource: [],
};
const ctx: AuthorizeContext = {
  allowedClaims: ["name", "birthdate", "email"],
  clientAcrs: [OTP, PIN],
  credentialScopes: ["NationalIdCredential"],
  resources: [ISSUER],
};

const refused: [string, Partial<AuthorizeParams>, string, string, RegExp][] = [
  ["response_type missing", { responseType: "" }, "invalid_request", "response_type", /required/],
  ["response_type token (implicit)", { responseType: "token" }, "unsupported_response_type", "response_type", /only response_type=code/],
  ["response_type code id_token (hybrid)", { responseType: "code id_token" }, "unsupported_response_type", "response_type", /only/],
  ["response_mode fragment", { responseMode: "fragment" }, "invalid_request", "response_mode", /query/],
  ["response_mode form_post", { responseMode: "form_post" }, "invalid_request", "response_mode", /query/],
  ["state over 2048 characters", { state: "s".repeat(2049) }, "invalid_request", "state", /2048/],
  ["nonce over 255 characters", { nonce: "n".repeat(256) }, "invalid_request", "nonce", /255/],
  ["no known scope", { scope: "foo" }, "invalid_scope", "scope", /must include/],
  ["profile without openid", { scope: "profile" }, "invalid_scope", "scope", /requires openid/],
  ["PKCE missing", { codeChallenge: "", codeChallengeMethod: "" }, "invalid_request", "code_challenge", /required/],
  ["PKCE plain", { codeChallengeMethod: "plain" }, "invalid_request", "code_challenge_method", /plain/],
  ["unknown prompt", { prompt: "login bogus" }, "invalid_request", "prompt", /bogus/],
  ["prompt none with another value", { prompt: "none login" }, "invalid_request", "prompt", /cannot be combined/],
  ["prompt none (no SSO session)", { prompt: "none" }, "login_required", "prompt", /no single sign-on/],
  ["max_age negative", { maxAge: "-1" }, "invalid_request", "max_age", /non-negative/],
  ["max_age not a number", { maxAge: "1h" }, "invalid_request", "max_age", /non-negative/],
  ["display unknown", { display: "desktop" }, "invalid_request", "display", /page, popup/],
  ["a foreign resource", { resource: ["https://api.other.example"] }, "invalid_target", "resource", /not served here/],
  ["claims not JSON", { claims: "{" }, "invalid_request", "claims", /JSON object/],
  ["claims.userinfo without openid", { scope: "Manage-VID", claims: '{"userinfo":{"name":null}}' }, "invalid_scope", "claims", /requires the openid scope/],
  ["essential acr that cannot be met", { claims: '{"id_token":{"acr":{"essential":true,"value":"urn:other"}}}' }, "access_denied", "acr_values", /essential acr/],
];
for (const [name, patch, error, field, rule] of refused) {
  test(`authorize refused: ${name} → ${error}`, (t) => {
    const r = checkAuthorizeParams({ ...base, ...patch }, ctx);
    t.false(r.ok);
    if (!r.ok) {
      t.is(r.error.code as string, error);
      t.is(r.error.field, field);
      t.regex(r.error.description, rule);
      t.true(r.error.description.startsWith(`${field}: `), "the description names the field");
    }
  });
}

test("authorize: a client without usable ACRs is access_denied", (t) => {
  const r = checkAuthorizeParams(base, { ...ctx, clientAcrs: ["urn:retired"] });
  t.false(r.ok);
  if (!r.ok) t.is(r.error.code, "access_denied");
});

test("authorize accepts a full OIDC request and records what the transaction needs", (t) => {
  const r = checkAuthorizeParams(
    {
      ...base,
      scope: "openid profile email Manage-VID",
      acrValues: PIN,
      claims: '{"userinfo":{"birthdate":{"essential":true}}}',
      claimsLocales: "en ar",
      uiLocales: "ar",
      prompt: "login consent",
      maxAge: "600",
      display: "page",
      resource: [ISSUER],
      responseMode: "query",
    },
    ctx,
  );
  t.true(r.ok);
  if (!r.ok) return;
  t.deepEqual([...r.request.acrs], [PIN]);
  t.deepEqual(r.request.claims.map((c) => [c.name, c.essential]), [["name", false], ["birthdate", true], ["email", false]]);
  t.deepEqual([...r.request.scopes.authorize], ["Manage-VID"]);
  t.true(r.request.scopes.isOidc);
  t.true(r.request.forceConsent, "prompt=consent forces the consent page");
  t.is(r.request.maxAge, 600);
  t.deepEqual([...r.request.claimsLocales], ["en", "ar"]);
  t.deepEqual([...r.request.uiLocales], ["ar"]);
  t.deepEqual([...r.request.resource], [ISSUER]);
});

test("authorize: max_age 0 is valid; absent means undefined", (t) => {
  const zero = checkAuthorizeParams({ ...base, maxAge: "0" }, ctx);
  t.true(zero.ok && zero.request.maxAge === 0);
  const none = checkAuthorizeParams(base, ctx);
  t.true(none.ok && none.request.maxAge === undefined && !none.request.forceConsent);
});

test("authorize: a credential scope requests no user claims", (t) => {
  const r = checkAuthorizeParams({ ...base, scope: "NationalIdCredential" }, ctx);
  t.true(r.ok);
  if (r.ok) {
    t.deepEqual([...r.request.claims], []);
    t.deepEqual([...r.request.scopes.credential], ["NationalIdCredential"]);
  }
});

test("authorize: the first broken rule is reported (response_type before scope before PKCE)", (t) => {
  const r = checkAuthorizeParams({ ...base, responseType: "token", scope: "", codeChallenge: "" }, ctx);
  t.true(!r.ok && r.error.field === "response_type");
  const s = checkAuthorizeParams({ ...base, scope: "", codeChallenge: "" }, ctx);
  t.true(!s.ok && s.error.field === "scope");
});
