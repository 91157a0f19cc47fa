import { hash } from "node:crypto";
import type { RequestedClaim } from "./claims-request.js";

/**
 * Consent decisions (eSignet reference §7.4): a stored consent for (client, subject) is
 * reused unless `prompt=consent`, it expired, or the request changed (its hash differs).
 * A request with no claims and no authorize scopes needs no consent.
 */
export function consentRequestHash(claims: readonly RequestedClaim[], scopes: readonly string[]): string {
  const canonical = JSON.stringify({
    claims: [...claims].map((c) => [c.name, c.essential]).sort(),
    scopes: [...scopes].sort(),
  });
  return hash("sha256", canonical, "base64url");
}

export interface StoredConsent {
  readonly claims: readonly string[];
  readonly scopes: readonly string[];
  readonly requestHash: string;
}

export type ConsentDecision =
  | { readonly required: true }
  | { readonly required: false; readonly claims: readonly string[]; readonly scopes: readonly string[] };

export function decideConsent(input: {
  readonly claims: readonly RequestedClaim[];
  readonly authorizeScopes: readonly string[];
  readonly forceConsent: boolean;
  readonly stored: StoredConsent | null;
}): ConsentDecision {
  if (input.claims.length === 0 && input.authorizeScopes.length === 0) return { required: false, claims: [], scopes: [] };
  if (input.forceConsent || !input.stored) return { required: true };
  if (input.stored.requestHash !== consentRequestHash(input.claims, input.authorizeScopes)) return { required: true };
  const names = new Set(input.claims.map((c) => c.name));
  return {
    required: false,
    claims: input.stored.claims.filter((c) => names.has(c)),
    scopes: input.stored.scopes.filter((s) => input.authorizeScopes.includes(s)),
  };
}

/**
 * Checks the user's choices on the consent page (eSignet §3.9): every essential claim
 * accepted, nothing beyond what was requested. Returns the broken rule or undefined.
 */
export function consentChoiceViolation(
  claims: readonly RequestedClaim[],
  authorizeScopes: readonly string[],
  accepted: readonly string[],
  permitted: readonly string[],
): { field: "accepted_claims" | "permitted_scopes"; rule: string } | undefined {
  const requested = new Set(claims.map((c) => c.name));
  const extra = accepted.filter((c) => !requested.has(c));
  if (extra.length) return { field: "accepted_claims", rule: `not requested: ${extra.join(", ")}` };
  const missing = claims.filter((c) => c.essential && !accepted.includes(c.name)).map((c) => c.name);
  if (missing.length) return { field: "accepted_claims", rule: `essential claims must be accepted: ${missing.join(", ")}` };
  const extraScopes = permitted.filter((s) => !authorizeScopes.includes(s));
  if (extraScopes.length) return { field: "permitted_scopes", rule: `not requested: ${extraScopes.join(", ")}` };
  return undefined;
}
