import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import { signetError } from "../../errors.js";
import { authenticateClient } from "../../flow/client-auth.js";
import type { FlowDeps } from "../../flow/deps.js";
import type { AccessTokenData, CodeData } from "../../flow/transaction-data.js";
import { clientAlg, mintAccessToken, mintIdToken } from "../../flow/tokens.js";
import { pkceVerifierViolation } from "../../rules/pkce.js";
import { hashSecret } from "../../secrets.js";
import { issueCNonce } from "../../vci/c-nonce.js";

/**
 * IdentityService.ExchangeToken (RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 7523 §2.2, OIDC Core
 * §3.1.3). The client authenticates first; the code is then consumed in one conditional
 * update, so of racing redemptions exactly one proceeds. A code presented again revokes
 * what its first redemption issued (RFC 6749 §4.1.2). A code that fails its bindings
 * (client, redirect URI, PKCE) stays spent: it was presented by someone who should not
 * have had it.
 */
export function exchangeToken(deps: FlowDeps<"replay" | "authorizationCodes" | "issuedTokens" | "transactions" | "nonces">): MethodImpl<typeof IdentityService.method.exchangeToken> {
  return async (req) => {
    if (!req.grantType) throw signetError("invalid_request", "grant_type: is required", { field: "grant_type" });
    if (req.grantType !== "authorization_code") throw signetError("unsupported_grant_type", "grant_type: only authorization_code is supported", { field: "grant_type" });
    const client = await authenticateClient(deps, req);
    if (!req.code) throw signetError("invalid_request", "code: is required", { field: "code" });

    const now = deps.clock();
    const codeHash = hashSecret(req.code);
    const consumed = await deps.storage.authorizationCodes.consume<CodeData>(codeHash, now);
    if (!consumed.ok) {
      if (consumed.reason === "already_consumed") {
        // Mark the code as settled before revoking, so a winner still saving its token
        // sees the mark and revokes that token itself (see below).
        await deps.storage.replay.recordOnce("code_settled", codeHash, now + deps.settings.accessTokenSeconds * 1000, now);
        const revoked = await deps.storage.issuedTokens.revokeTokensOfCode(codeHash, now);
        deps.logger.warn("authorization_code.reused", { client_id: client.clientId, tokens_revoked: revoked });
      }
      throw signetError("invalid_grant", `code: ${consumed.reason === "expired" ? "has expired" : "is invalid or was already used"}`, { field: "code" });
    }
    const code = consumed.code;
    if (code.clientId !== client.clientId) throw signetError("invalid_grant", "code: was issued to another client", { field: "code" });
    if (req.redirectUri !== code.redirectUri) throw signetError("invalid_grant", "redirect_uri: does not match the authorization request", { field: "redirect_uri" });
    const pkce = pkceVerifierViolation(req.codeVerifier, code.codeChallenge);
    if (pkce) throw signetError("invalid_grant", pkce, { field: "code_verifier" });
    const foreign = req.resource.find((r) => r !== deps.endpoints.issuer);
    if (foreign !== undefined) throw signetError("invalid_target", `resource: ${foreign} is not served here`, { field: "resource" });

    const d = code.data;
    const isCredential = d.scopes.credential.length > 0;
    const scope = d.permittedScopes.join(" ");
    const accessToken = await mintAccessToken(deps.keys, {
      issuer: deps.endpoints.issuer,
      subject: code.subject,
      audience: isCredential ? deps.endpoints.issuer : client.clientId,
      clientId: client.clientId,
      scope,
      authTime: d.authTime,
      acr: d.acr,
      lifetimeSeconds: deps.settings.accessTokenSeconds,
      nowMs: now,
    });
    const tokenData: AccessTokenData = {
      openid: d.scopes.isOidc,
      acceptedClaims: d.acceptedClaims,
      claimsLocales: d.claimsLocales,
      kycTokenSealed: d.kycTokenSealed,
      scope,
      credentialConfigurationIds: d.credentialConfigurationIds,
    };
    await deps.storage.issuedTokens.insert<AccessTokenData>(
      { tokenHash: hashSecret(accessToken), codeHash, clientId: client.clientId, subject: code.subject, kind: "access", data: tokenData, expiresAt: now + deps.settings.accessTokenSeconds * 1000 },
      now,
    );
    // Revocation on reuse must not lose a race: the token is saved first, then the code
    // is marked settled atomically. A reuse that comes later finds the saved token and
    // revokes it; a reuse that marked the code first means this token must die too, so it
    // is revoked here — either way a reused code leaves no live token.
    const settled = await deps.storage.replay.recordOnce("code_settled", codeHash, now + deps.settings.accessTokenSeconds * 1000, now);
    if (!settled) {
      await deps.storage.issuedTokens.revokeTokensOfCode(codeHash, now);
      deps.logger.warn("authorization_code.reused", { client_id: client.clientId, tokens_revoked: 1 });
    }
    await deps.storage.transactions.transition(code.transactionId, "code_issued", "exchanged", {}, now);

    const idToken = d.scopes.isOidc
      ? await mintIdToken(deps.keys, {
          issuer: deps.endpoints.issuer,
          subject: code.subject,
          clientId: client.clientId,
          nonce: code.nonce ? deps.secrets.unseal(code.nonce) : null,
          authTime: d.authTime,
          acr: d.acr,
          amr: d.amr,
          accessToken,
          alg: clientAlg(client.idTokenSignedResponseAlg),
          lifetimeSeconds: deps.settings.idTokenSeconds,
          nowMs: now,
        })
      : "";
    deps.logger.info("authorization_code.consumed", { client_id: client.clientId, id_token: idToken !== "" });
    // OpenID4VCI draft 13 wallets take their first c_nonce from the token response;
    // RFC 9396 §7: granted authorization_details are echoed with credential identifiers.
    const cNonce = isCredential ? await issueCNonce(deps) : undefined;
    const details = (d.authorizationDetails ?? []).map((id) => ({ type: "openid_credential", credential_configuration_id: id, credential_identifiers: [id] }));
    return {
      cNonce: cNonce?.value ?? "",
      cNonceExpiresIn: BigInt(cNonce?.expiresIn ?? 0),
      authorizationDetails: details.length ? JSON.stringify(details) : "",
      accessToken,
      tokenType: "Bearer",
      expiresIn: BigInt(deps.settings.accessTokenSeconds),
      idToken,
      scope: d.scopes.isOidc ? [...d.scopes.openid, ...d.permittedScopes].join(" ") : scope,
    };
  };
}
