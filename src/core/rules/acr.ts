import { acrDefinitions, type AcrDefinition } from "../oidc-profile.js";
import type { ClaimDetail } from "./claims-request.js";

/**
 * ACR resolution (eSignet reference §5.6; OIDC Core §5.5.1.1): the values of
 * `claims.id_token.acr` ∩ the client's ACRs, else `acr_values` ∩ the client's ACRs,
 * else every ACR of the client. An essential `acr` claim that cannot be met fails.
 */
export type AcrResult =
  | { readonly ok: true; readonly acrs: readonly string[] }
  | { readonly ok: false; readonly rule: string };

export function resolveAcrs(clientAcrs: readonly string[], acrValues: string, acrClaim: ClaimDetail | undefined): AcrResult {
  const usable = clientAcrs.filter((a) => a in acrDefinitions);
  if (usable.length === 0) return { ok: false, rule: "the client has no usable ACR registered" };
  const fromClaim = acrClaim ? [...(acrClaim.values ?? []), ...(acrClaim.value !== undefined ? [acrClaim.value] : [])] : [];
  const claimMatch = fromClaim.filter((a): a is string => typeof a === "string" && usable.includes(a));
  if (claimMatch.length > 0) return { ok: true, acrs: claimMatch };
  if (acrClaim?.essential && fromClaim.length > 0) {
    return { ok: false, rule: "none of the essential acr values can be satisfied for this client" };
  }
  const requested = acrValues.split(" ").filter((a) => usable.includes(a));
  return { ok: true, acrs: requested.length > 0 ? requested : usable };
}

/** The definition of each resolved ACR, in preference order. */
export function factorSetsOf(acrs: readonly string[]): { acr: string; def: AcrDefinition }[] {
  return acrs.flatMap((acr) => (acrDefinitions[acr] ? [{ acr, def: acrDefinitions[acr] }] : []));
}
