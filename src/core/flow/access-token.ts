import { decodeProtectedHeader, jwtVerify } from "jose";
import type { TokenLookup } from "../ports/storage/index.js";
import { signetError } from "../errors/index.js";
import { hashSecret } from "../secrets.js";
import type { FlowDeps } from "./deps.js";
import type { AccessTokenData } from "./transaction-data.js";

const invalidToken = (why: string) => signetError("invalid_token", `the access token is not valid: ${why}`);

/**
 * Verifies a bearer access token (RFC 6750, RFC 9068 §4): our signature by a published
 * token key, `typ` at+jwt, issuer, expiry, the expected audience, and the stored record
 * (not revoked — e.g. by a reused code — and not expired).
 */
export async function verifyAccessToken(
  deps: FlowDeps<"issuedTokens">,
  token: string,
  audience: string | ((aud: string) => boolean),
): Promise<{ claims: Record<string, unknown>; record: TokenLookup<AccessTokenData>["token"] }> {
  if (!token) throw invalidToken("missing");
  const now = deps.clock();
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw invalidToken("malformed");
  }
  const key = typeof kid === "string" ? await deps.keys.verificationKey(kid, now) : null;
  if (!key || key.info.purpose !== "token") throw invalidToken("unknown signing key");
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(token, key.publicKey, {
      algorithms: [key.info.alg],
      typ: "at+jwt",
      issuer: deps.endpoints.issuer,
      currentDate: new Date(now),
      clockTolerance: deps.settings.clockSkewSeconds,
      requiredClaims: ["exp", "sub", "client_id"],
    }));
  } catch {
    throw invalidToken("signature, type, issuer or expiry check failed");
  }
  const aud = typeof claims.aud === "string" ? claims.aud : "";
  if (typeof audience === "string" ? aud !== audience : !audience(aud)) throw invalidToken("not issued for this resource");
  const lookup = await deps.storage.issuedTokens.get<AccessTokenData>(hashSecret(token), now);
  if (!lookup || lookup.status !== "active") throw invalidToken(lookup?.status === "revoked" ? "revoked" : "unknown or expired");
  return { claims, record: lookup.token };
}
