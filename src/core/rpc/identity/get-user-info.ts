import type { MethodImpl } from "@connectrpc/connect";
import { CompactEncrypt, importJWK, type CryptoKey, type JWK } from "jose";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import type { ClientRecord } from "../../ports/storage/index.js";
import { signetError } from "../../errors/index.js";
import { assertActsFor } from "../../principal.js";
import { verifyAccessToken } from "../../flow/access-token.js";
import type { FlowDeps } from "../../flow/deps.js";
import { fromIdentityError } from "../../flow/identity-errors.js";
import { clientAlg, signToken } from "../../flow/tokens.js";

/**
 * Each JWE client's encryption key, imported once per cached client record: a changed key comes
 * with a new record (an update evicts the cached one) and is imported afresh. Importing through
 * WebCrypto cost every encrypted userinfo ~49 µs of CPU for an RSA key (186 → 137 µs with the
 * encryption) and ~115 µs for a P-256 key (544 → 429 µs). A failed import is not kept.
 */
const encryptionKeys = new WeakMap<ClientRecord, Promise<CryptoKey | Uint8Array>>();

function encryptionKeyOf(client: ClientRecord, jwk: JWK, alg: string): Promise<CryptoKey | Uint8Array> {
  let key = encryptionKeys.get(client);
  if (key === undefined) {
    key = importJWK(jwk, alg);
    encryptionKeys.set(client, key);
    key.catch(() => {
      if (encryptionKeys.get(client) === key) encryptionKeys.delete(client);
    });
  }
  return key;
}

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
    const iat = Math.floor(now / 1000);
    // Signet's four claims win over any the identity system released under the same names; they
    // are written again after the spread rather than spread over it, which on Node 20 builds a new
    // hidden class per call (test/architecture/object-spread.test.ts).
    const payload: Record<string, unknown> = { sub: record.subject, iss: deps.endpoints.issuer, aud: client.clientId, iat, ...released };
    payload.sub = record.subject;
    payload.iss = deps.endpoints.issuer;
    payload.aud = client.clientId;
    payload.iat = iat;
    const jws = await signToken(deps.keys, clientAlg(client.idTokenSignedResponseAlg), "JWT", payload, now);
    if (client.userinfoResponseType !== "JWE") return { contentType: "application/jwt", body: jws };
    const encKey = client.encryptionPublicKey;
    if (!encKey) throw signetError("server_error", "the client has no encryption key registered");
    const alg = encKey.kty === "EC" ? "ECDH-ES" : "RSA-OAEP-256";
    const jwe = await new CompactEncrypt(new TextEncoder().encode(jws))
      .setProtectedHeader({ alg, enc: "A256GCM", cty: "JWT", ...(encKey.kid ? { kid: encKey.kid } : {}) })
      .encrypt(await encryptionKeyOf(client, encKey as JWK, alg));
    deps.logger.info("userinfo.released", { client_id: client.clientId, claims: record.data.acceptedClaims.length, jwe: true });
    return { contentType: "application/jwt", body: jwe };
  };
}
