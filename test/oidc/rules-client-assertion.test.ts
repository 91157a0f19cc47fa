/** Claim checks of a private_key_jwt client assertion (RFC 7523 §3, OIDC Core §9), table-style. */
import test from "ava";
import { assertionClaimsViolation, type AssertionPolicy } from "../../src/core/rules/client-assertion.js";

const NOW = 1_750_000_000;
const policy: AssertionPolicy = {
  clientId: "rp-1",
  audiences: ["https://id.example.org/token", "https://id.example.org/v1/esignet/oauth/v2/token", "https://id.example.org"],
  now: NOW,
  skew: 5,
  maxLifetime: 300,
};
const good = { iss: "rp-1", sub: "rp-1", aud: "https://id.example.org/token", exp: NOW + 60, iat: NOW, jti: "j-1" };

const cases: [string, Record<string, unknown>, RegExp | undefined][] = [
  ["a good assertion", good, undefined],
  ["aud as the issuer", { ...good, aud: "https://id.example.org" }, undefined],
  ["aud as eSignet's token path", { ...good, aud: "https://id.example.org/v1/esignet/oauth/v2/token" }, undefined],
  ["aud as an array including the token endpoint", { ...good, aud: ["https://x.example", "https://id.example.org/token"] }, undefined],
  ["exp just inside the skew", { ...good, exp: NOW - 4 }, undefined],
  ["iat just inside the skew", { ...good, iat: NOW + 5 }, undefined],
  ["nbf now", { ...good, nbf: NOW }, undefined],
  ["exp at the longest lifetime plus skew", { ...good, exp: NOW + 305 }, undefined],
  ["iss is another client", { ...good, iss: "rp-2" }, /iss must be the client_id/],
  ["iss missing", { ...good, iss: undefined }, /iss must be the client_id/],
  ["sub is another client", { ...good, sub: "rp-2" }, /sub must be the client_id/],
  ["sub missing", { ...good, sub: undefined }, /sub must be the client_id/],
  ["aud another server", { ...good, aud: "https://other.example/token" }, /aud must include/],
  ["aud missing", { ...good, aud: undefined }, /aud must include/],
  ["aud an array of strangers", { ...good, aud: ["https://a.example", "https://b.example"] }, /aud must include/],
  ["aud with a trailing slash", { ...good, aud: "https://id.example.org/token/" }, /aud must include/],
  ["exp missing", { ...good, exp: undefined }, /exp is required/],
  ["exp a string", { ...good, exp: String(NOW + 60) }, /exp is required/],
  ["expired beyond the skew", { ...good, exp: NOW - 5 }, /expired/],
  ["exp too far ahead", { ...good, exp: NOW + 306 }, /too far ahead/],
  ["iat missing", { ...good, iat: undefined }, /iat is required/],
  ["iat in the future beyond the skew", { ...good, iat: NOW + 6 }, /iat is in the future/],
  ["nbf in the future", { ...good, nbf: NOW + 60 }, /nbf is in the future/],
  ["nbf not a number", { ...good, nbf: "soon" }, /nbf is in the future/],
  ["jti missing", { ...good, jti: undefined }, /jti is required/],
  ["jti empty", { ...good, jti: "" }, /jti is required/],
  ["jti a number", { ...good, jti: 7 }, /jti is required/],
  ["jti over 256 characters", { ...good, jti: "j".repeat(257) }, /jti is required/],
];
for (const [name, claims, expected] of cases) {
  test(`assertion claims: ${name}`, (t) => {
    const v = assertionClaimsViolation(claims, policy);
    if (expected) t.regex(v ?? "", expected);
    else t.is(v, undefined);
  });
}
