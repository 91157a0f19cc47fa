import type { TokenLookup } from "../ports/storage/index.js";
import { signetError } from "../errors/index.js";
import { hashSecret } from "../secrets.js";
import type { FlowDeps } from "./deps.js";
import type { AccessTokenData } from "./transaction-data.js";
import { jwtClaimsProblem, peekJwsHeader, verifyCompactJws } from "./verify-jws.js";

const invalidToken = (why: string) => signetError("invalid_token", `the access token is not valid: ${why}`);

/**
 * Verifies a bearer access token (RFC 6750, RFC 9068 §4): our signature by a published
 * token key (node:crypto, verify-jws.ts), `typ` at+jwt, issuer, expiry, the expected audience, and the stored record
 * (not revoked — e.g. by a reused code — and not expired).
 */
export async function verifyAccessToken(
  deps: FlowDeps<"issuedTokens">,
  token: string,
  audience: string | ((aud: string) => boolean),
): Promise<{ claims: Record<string, unknown>; record: TokenLookup<AccessTokenData>["token"] }> {
  if (!token) throw invalidToken("missing");
  const now = deps.clock();
  const header = peekJwsHeader(token);
  if (!header) throw invalidToken("malformed");
  const kid = header.kid;
  const key = typeof kid === "string" ? await deps.keys.verificationKey(kid, now) : null;
  if (!key || key.info.purpose !== "token") throw invalidToken("unknown signing key");
  const jws = verifyCompactJws(token, key.publicKey, key.info.alg);
  const problem = jws
    ? jwtClaimsProblem(jws, { typ: "at+jwt", issuer: deps.endpoints.issuer, nowMs: now, toleranceSeconds: deps.settings.clockSkewSeconds, required: ["sub", "client_id"] })
    : "signature";
  if (!jws || problem) throw invalidToken("signature, type, issuer or expiry check failed");
  const claims = jws.payload as Record<string, unknown>;
  const aud = typeof claims.aud === "string" ? claims.aud : "";
  if (typeof audience === "string" ? aud !== audience : !audience(aud)) throw invalidToken("not issued for this resource");
  const lookup = await deps.storage.issuedTokens.get<AccessTokenData>(hashSecret(token), now);
  if (!lookup || lookup.status !== "active") throw invalidToken(lookup?.status === "revoked" ? "revoked" : "unknown or expired");
  return { claims, record: lookup.token };
}
