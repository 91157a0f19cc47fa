import type { TokenLookup } from "../ports/storage/index.js";
import { signetError } from "../errors/index.js";
import { hashSecret } from "../secrets.js";
import type { FlowDeps } from "./deps.js";
import type { AccessTokenData } from "./transaction-data.js";
import { decodeCompactJws, jwtClaimsProblem, peekJwsHeader } from "./verify-jws.js";

const invalidToken = (why: string) => signetError("invalid_token", `the access token is not valid: ${why}`);

/**
 * Verifies a bearer access token (RFC 6750, RFC 9068 §4): a token key Signet publishes named by
 * `kid`, the stored record (issued, not revoked — e.g. by a reused code — and not expired), then
 * `typ` at+jwt, issuer, expiry and the expected audience.
 *
 * The record is found by the SHA-256 of the whole compact token, signature included, so only a
 * token Signet signed and stored at the token endpoint has one: once it is found, checking the
 * signature again could not fail (a token that changed in any byte, its claims or its signature,
 * has another hash; finding a string with the same one is a second preimage of SHA-256), and it
 * was 17 % of a signed userinfo's CPU (an ES256 verification, ~80 µs). The key is still looked up,
 * so withdrawing a token key still withdraws the tokens it signed; the claims are still checked.
 * A token that is not stored is refused without any signature work, which bounds what an
 * unauthenticated caller can make Signet do to one primary-key read.
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
  const lookup = await deps.storage.issuedTokens.get<AccessTokenData>(hashSecret(token), now);
  if (!lookup || lookup.status !== "active") throw invalidToken(lookup?.status === "revoked" ? "revoked" : "unknown or expired");
  const jws = decodeCompactJws(token);
  const problem =
    jws && jws.header.alg === key.info.alg
      ? jwtClaimsProblem(jws, { typ: "at+jwt", issuer: deps.endpoints.issuer, nowMs: now, toleranceSeconds: deps.settings.clockSkewSeconds, required: ["sub", "client_id"] })
      : "alg";
  if (!jws || problem) throw invalidToken("type, issuer or expiry check failed");
  const claims = jws.payload as Record<string, unknown>;
  const aud = typeof claims.aud === "string" ? claims.aud : "";
  if (typeof audience === "string" ? aud !== audience : !audience(aud)) throw invalidToken("not issued for this resource");
  return { claims, record: lookup.token };
}
