/**
 * Claim checks of a private_key_jwt client assertion (RFC 7523 §3, OIDC Core §9,
 * eSignet reference §5.8), after its signature verified. Times are seconds.
 */
export interface AssertionPolicy {
  readonly clientId: string;
  /** Accepted `aud` values: the token endpoint URL(s) and the issuer. */
  readonly audiences: readonly string[];
  readonly now: number;
  readonly skew: number;
  /** Longest accepted lifetime: `exp` may be at most now + maxLifetime. */
  readonly maxLifetime: number;
}

export function assertionClaimsViolation(claims: Readonly<Record<string, unknown>>, p: AssertionPolicy): string | undefined {
  if (claims.iss !== p.clientId) return "iss must be the client_id";
  if (claims.sub !== p.clientId) return "sub must be the client_id";
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => typeof a === "string" && p.audiences.includes(a))) return `aud must include the token endpoint (${p.audiences[0]}) or the issuer`;
  if (typeof claims.exp !== "number") return "exp is required";
  if (claims.exp <= p.now - p.skew) return "the assertion has expired";
  if (claims.exp > p.now + p.maxLifetime + p.skew) return `exp is too far ahead (at most ${p.maxLifetime} s)`;
  if (typeof claims.iat !== "number") return "iat is required";
  if (claims.iat > p.now + p.skew) return "iat is in the future";
  if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || claims.nbf > p.now + p.skew)) return "nbf is in the future";
  if (typeof claims.jti !== "string" || claims.jti === "" || claims.jti.length > 256) return "jti is required (1–256 characters)";
  return undefined;
}
