/** ACR resolution (eSignet §5.6; OIDC Core §5.5.1.1), table-style. */
import test from "ava";
import { factorSetsOf, resolveAcrs } from "../../src/core/rules/acr.js";
import type { ClaimDetail } from "../../src/core/rules/claims-request.js";

const OTP = "mosip:idp:acr:generated-code";
const PIN = "mosip:idp:acr:static-code";
const BOTH = [OTP, PIN];

const cases: [string, readonly string[], string, ClaimDetail | undefined, readonly string[] | RegExp][] = [
  ["no preference: every ACR of the client", BOTH, "", undefined, BOTH],
  ["acr_values picks among the client's", BOTH, PIN, undefined, [PIN]],
  ["acr_values order is kept", BOTH, `${PIN} ${OTP}`, undefined, [PIN, OTP]],
  ["acr_values outside the client's fall back to all", [OTP], PIN, undefined, [OTP]],
  ["unknown acr_values are ignored", BOTH, "urn:unknown", undefined, BOTH],
  ["claims.id_token.acr value wins over acr_values", BOTH, OTP, { essential: false, value: PIN }, [PIN]],
  ["claims.id_token.acr values", BOTH, "", { essential: false, values: [PIN, OTP] }, [PIN, OTP]],
  ["voluntary acr claim that cannot be met falls back to acr_values", [OTP], OTP, { essential: false, value: PIN }, [OTP]],
  ["essential acr claim that cannot be met fails", [OTP], OTP, { essential: true, value: PIN }, /essential acr/],
  ["essential acr claim with no values is just essential", BOTH, PIN, { essential: true }, [PIN]],
  ["non-string acr values are ignored", BOTH, "", { essential: false, values: [5, null, OTP] }, [OTP]],
  ["a client with no usable ACR fails", ["urn:retired"], "", undefined, /no usable ACR/],
  ["a client with no ACR fails", [], OTP, undefined, /no usable ACR/],
  ["unsupported client ACRs are filtered", ["urn:retired", PIN], "", undefined, [PIN]],
];
for (const [name, client, acrValues, claim, expected] of cases) {
  test(`acr: ${name}`, (t) => {
    const r = resolveAcrs(client, acrValues, claim);
    if (expected instanceof RegExp) {
      t.false(r.ok);
      if (!r.ok) t.regex(r.rule, expected);
    } else {
      t.true(r.ok);
      if (r.ok) t.deepEqual([...r.acrs], [...expected]);
    }
  });
}

test("factor sets: OTP → amr otp, PIN → amr pin, unknown ACRs skipped", (t) => {
  const sets = factorSetsOf([PIN, "urn:unknown", OTP]);
  t.deepEqual(sets.map((s) => [s.acr, s.def.amr, s.def.factors.map((f) => f.type)]), [
    [PIN, "pin", ["PIN"]],
    [OTP, "otp", ["OTP"]],
  ]);
});
