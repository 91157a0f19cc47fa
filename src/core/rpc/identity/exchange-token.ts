import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import { RollBack, type AuthorizationCodeRecord } from "../../ports/storage/index.js";
import { signetError } from "../../errors/index.js";
import { assertActsFor } from "../../principal.js";
import { authenticateClient, spendAssertionJti } from "../../flow/client-auth.js";
import type { FlowDeps } from "../../flow/deps.js";
import { fire } from "../../flow/login-state-machine.js";
import type { AccessTokenData, CodeData } from "../../flow/transaction-data.js";
import { accessTokenAlg, clientAlg, mintAccessToken, mintIdToken } from "../../flow/tokens.js";
import { pkceVerifierViolation } from "../../rules/pkce.js";
import { hashSecret } from "../../secrets.js";
import { issueCNonce } from "../../vci/c-nonce.js";

type Refusal = { readonly refused: ReturnType<typeof signetError>; readonly revoked?: number };
type Issued = { readonly data: CodeData; readonly accessToken: string; readonly idToken: string; readonly cNonce: { value: string; expiresIn: number } | undefined };

/**
 * IdentityService.ExchangeToken (RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 7523 §2.2, OIDC Core
 * §3.1.3). The client authenticates first; then one unit of work spends the assertion's `jti`,
 * consumes the code, stores the access token it buys and fires `exchange` — all or nothing; a
 * refusal inside it (a used or mismatched code) is returned, so what it spent stays spent, except
 * a replayed `jti`, whose unit is rolled back: it spent nothing (the `jti` was spent before) but
 * the code consumption issued together with it, which is undone. Of racing redemptions the store
 * lets exactly one consume the code; a redemption
 * that finds it already consumed revokes, in its own unit of work, what the first one issued
 * (RFC 6749 §4.1.2). On PostgreSQL the loser's consume waits for the winner's commit, and on
 * sqlite units of work run one after another, so the loser always sees the winner's token: a
 * reused code leaves no live token. A code that fails its bindings (client, redirect URI, PKCE)
 * stays spent: it was presented by someone who should not have had it, so that refusal commits
 * the consumption before it is thrown.
 */
export function exchangeToken(
  deps: FlowDeps<"replay" | "authorizationCodes" | "issuedTokens" | "transactions" | "nonces">,
): MethodImpl<typeof IdentityService.method.exchangeToken> {
  return async (req, ctx) => {
    if (!req.grantType) throw signetError("invalid_request", "grant_type: is required", { field: "grant_type" });
    if (req.grantType !== "authorization_code") throw signetError("unsupported_grant_type", "grant_type: only authorization_code is supported", { field: "grant_type" });
    const { client, jti } = await authenticateClient(deps, req);
    assertActsFor(ctx, client.clientId);

    const now = deps.clock();
    const codeHash = hashSecret(req.code);
    // Keys are fetched before the unit of work: a fetch may reload them from the store.
    const [accessKey, idKey] = await Promise.all([
      deps.keys.signingKey("token", accessTokenAlg, now),
      deps.keys.signingKey("token", clientAlg(client.idTokenSignedResponseAlg), now),
    ]);
    const outcome = await deps.storage.withTransaction(async (store): Promise<Refusal | Issued> => {
      // The jti is spent and the code consumed together (on PostgreSQL one round trip with the
      // unit's BEGIN), the jti first: a replayed assertion touches nothing else — its unit rolls
      // the consumption back (the jti was spent already) — and every outcome below commits it.
      const spending = spendAssertionJti(store.replay, jti, now);
      // Checked after the jti is spent: an authenticated request spends its assertion, whatever it asks.
      const consuming = req.code ? store.authorizationCodes.consume<CodeData>(codeHash, now) : undefined;
      consuming?.catch(() => undefined); // awaited below unless the jti was replayed or its spending failed
      const replayed = await spending;
      if (replayed) {
        if (consuming) throw new RollBack<Refusal>({ refused: replayed });
        return { refused: replayed };
      }
      if (!consuming) return { refused: signetError("invalid_request", "code: is required", { field: "code" }) };
      const consumed = await consuming;
      if (!consumed.ok) {
        const refused = signetError("invalid_grant", `code: ${consumed.reason === "expired" ? "has expired" : "is invalid or was already used"}`, { field: "code" });
        if (consumed.reason !== "already_consumed") return { refused };
        return { refused, revoked: await store.issuedTokens.revokeTokensOfCode(codeHash, now) };
      }
      const code = consumed.code;
      const binding = bindingViolation(deps, req, client.clientId, code);
      if (binding) return { refused: binding };

      const d = code.data;
      const accessToken = await mintAccessToken(accessKey, {
        issuer: deps.endpoints.issuer,
        subject: code.subject,
        audience: d.scopes.credential.length > 0 ? deps.endpoints.issuer : client.clientId,
        clientId: client.clientId,
        scope: d.permittedScopes.join(" "),
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
        scope: d.permittedScopes.join(" "),
        credentialConfigurationIds: d.credentialConfigurationIds,
        ...(d.authorizationDetails?.length ? { credentialIdentifiers: d.authorizationDetails } : {}),
      };
      // Together (one round trip on PostgreSQL). The code may outlive its login transaction
      // (which then stays code_issued until purged), so the transition may find nothing to move.
      await Promise.all([
        store.issuedTokens.insert<AccessTokenData>(
          { tokenHash: hashSecret(accessToken), codeHash, clientId: client.clientId, subject: code.subject, kind: "access", data: tokenData, expiresAt: now + deps.settings.accessTokenSeconds * 1000 },
          now,
        ),
        fire(store.transactions, { id: code.transactionId }, "exchange", {}, now),
      ]);
      const idToken = d.scopes.isOidc
        ? await mintIdToken(idKey, {
            issuer: deps.endpoints.issuer,
            subject: code.subject,
            clientId: client.clientId,
            nonce: code.nonce ? deps.secrets.unseal("nonce", code.nonce) : null,
            authTime: d.authTime,
            acr: d.acr,
            amr: d.amr,
            accessToken,
            lifetimeSeconds: deps.settings.idTokenSeconds,
            nowMs: now,
          })
        : "";
      // OpenID4VCI draft 13 wallets take their first c_nonce from the token response.
      const cNonce = d.scopes.credential.length > 0 ? await issueCNonce(deps, store) : undefined;
      return { data: d, accessToken, idToken, cNonce };
    });
    if ("refused" in outcome) {
      if (outcome.revoked !== undefined) deps.logger.warn("authorization_code.reused", { client_id: client.clientId, tokens_revoked: outcome.revoked });
      throw outcome.refused;
    }

    const { data: d, accessToken, idToken, cNonce } = outcome;
    const scope = d.permittedScopes.join(" ");
    deps.logger.info("authorization_code.consumed", { client_id: client.clientId, id_token: idToken !== "" });
    // RFC 9396 §7: granted authorization_details are echoed with credential identifiers.
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

/** The binding a consumed code fails (RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 8707 §2.2), if any. */
function bindingViolation(
  deps: Pick<FlowDeps, "endpoints">,
  req: { readonly redirectUri: string; readonly codeVerifier: string; readonly resource: readonly string[] },
  clientId: string,
  code: AuthorizationCodeRecord<CodeData>,
): ReturnType<typeof signetError> | undefined {
  if (code.clientId !== clientId) return signetError("invalid_grant", "code: was issued to another client", { field: "code" });
  if (req.redirectUri !== code.redirectUri) return signetError("invalid_grant", "redirect_uri: does not match the authorization request", { field: "redirect_uri" });
  const pkce = pkceVerifierViolation(req.codeVerifier, code.codeChallenge);
  if (pkce) return signetError("invalid_grant", pkce, { field: "code_verifier" });
  const foreign = req.resource.find((r) => r !== deps.endpoints.issuer);
  if (foreign !== undefined) return signetError("invalid_target", `resource: ${foreign} is not served here`, { field: "resource" });
  return undefined;
}
