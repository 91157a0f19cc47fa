import type { MethodImpl } from "@connectrpc/connect";
import { CompactEncrypt, importJWK, type JWK } from "jose";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import { signetError } from "../../errors/index.js";
import { assertActsFor } from "../../principal.js";
import { verifyAccessToken } from "../../flow/access-token.js";
import type { FlowDeps } from "../../flow/deps.js";
import { fromIdentityError } from "../../flow/identity-errors.js";
import { clientAlg, signToken } from "../../flow/tokens.js";

/**
 * IdentityService.GetUserInfo (OIDC Core §5.3): claims fetched from the identity system
 * now (just in time), limited to what was consented, returned as a signed JWT with `iss`
 * and `aud` (§5.3.2) and, for JWE clients, nested in a JWE to the client's key (RFC 7516,
 * `cty` JWT).
 */
export function getUserInfo(deps: FlowDeps<"issuedTokens">): MethodImpl<typeof IdentityService.method.getUserInfo> {
  return async (req, ctx) => {
    const { record } = await verifyAccessToken(deps, req.accessToken, (aud) => aud !== deps.endpoints.issuer);
    // OIDC Core §5.3: the userinfo endpoint serves OpenID Connect requests only.
    if (!record.data.openid) throw signetError("insufficient_scope", "the access token was not granted the openid scope");
    assertActsFor(ctx, record.clientId);
    const client = await deps.clients.get(record.clientId);
    if (!client || client.status !== "ACTIVE") throw signetError("invalid_token", "the access token is not valid: client inactive");
    let released: Record<string, unknown> = {};
    if (record.data.acceptedClaims.length > 0) {
      try {
        released = await deps.identity.kycExchange({
          kycToken: deps.secrets.unseal("kyc_token", record.data.kycTokenSealed),
          claims: [...record.data.acceptedClaims],
          claimsLocales: [...record.data.claimsLocales],
          clientId: record.clientId,
          relyingPartyId: client.relyingPartyId || client.clientId,
        });
      } catch (err) {
        return fromIdentityError(err);
      }
    }
    const now = deps.clock();
    const payload = { ...released, sub: record.subject, iss: deps.endpoints.issuer, aud: client.clientId, iat: Math.floor(now / 1000) };
    const jws = await signToken(deps.keys, clientAlg(client.idTokenSignedResponseAlg), "JWT", payload, now);
    if (client.userinfoResponseType !== "JWE") return { contentType: "application/jwt", body: jws };
    const encKey = client.encryptionPublicKey;
    if (!encKey) throw signetError("server_error", "the client has no encryption key registered");
    const alg = encKey.kty === "EC" ? "ECDH-ES" : "RSA-OAEP-256";
    const jwe = await new CompactEncrypt(new TextEncoder().encode(jws))
      .setProtectedHeader({ alg, enc: "A256GCM", cty: "JWT", ...(encKey.kid ? { kid: encKey.kid } : {}) })
      .encrypt(await importJWK(encKey as JWK, alg));
    deps.logger.info("userinfo.released", { client_id: client.clientId, claims: record.data.acceptedClaims.length, jwe: true });
    return { contentType: "application/jwt", body: jwe };
  };
}
