import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import { signetError } from "../../errors/index.js";
import { ownerOf, principalOf } from "../../principal.js";
import type { FlowDeps } from "../../flow/deps.js";
import { RollBack, type Repositories, type TransactionRecord } from "../../ports/storage/index.js";
import type { TransactionData } from "../../flow/transaction-data.js";
import { viewOf } from "../../flow/view.js";
import { factorSetsOf } from "../../rules/acr.js";
import { checkAuthorizeParams } from "../../rules/authorize-rules.js";
import { parseAuthorizationDetails } from "../../rules/authorization-details.js";
import { hashSecret, randomAlphanumeric, randomToken } from "../../secrets.js";

/**
 * IdentityService.Authorize (OIDC Core §3.1.2, RFC 6749 §4.1.1). First the client and
 * redirect URI are established — errors before that are never redirected (RFC 6749
 * §4.1.2.1, "MUST NOT automatically redirect"); after that every error carries the
 * redirect target. A valid request opens a login transaction.
 */
export function authorize(deps: FlowDeps<"replay" | "transactions">): MethodImpl<typeof IdentityService.method.authorize> {
  return async (req, ctx) => {
    if (!req.clientId) throw signetError("invalid_request", "client_id: is required", { field: "client_id" });
    const client = await deps.clients.get(req.clientId);
    if (!client || client.status !== "ACTIVE") {
      throw signetError("invalid_client", "client_id: unknown or inactive client", { field: "client_id" });
    }
    if (!req.redirectUri) throw signetError("invalid_request", "redirect_uri: is required", { field: "redirect_uri" });
    if (!client.redirectUris.includes(req.redirectUri)) {
      throw signetError("invalid_request", "redirect_uri: does not exactly match a URI registered for this client", { field: "redirect_uri" });
    }
    const redirect = { redirectUri: req.redirectUri, state: req.state, iss: deps.endpoints.issuer };
    // OIDC Core §3.1.2.6: say so rather than silently ignore what an RP relies on.
    if (req.request) throw signetError("request_not_supported", "request: request objects are not supported; send the parameters directly", { field: "request", redirect });
    if (req.requestUri) throw signetError("request_uri_not_supported", "request_uri: not supported (no PAR or request_uri)", { field: "request_uri", redirect });

    // OpenID4VCI §5.1.1: authorization_details of type openid_credential request credentials
    // like their configurations' scopes do, so the same scope rules apply to both.
    const details = parseAuthorizationDetails(req.authorizationDetails, deps.vci?.configurations.map((c) => c.id) ?? []);
    if (!details.ok) throw signetError("invalid_authorization_details", `authorization_details: ${details.rule}`, { field: "authorization_details", redirect });
    const detailScopes = details.configurationIds.map((id) => deps.vci!.byId(id)!.scope);
    const scope = [...new Set([...req.scope.split(" ").filter(Boolean), ...detailScopes])].join(" ");

    const checked = checkAuthorizeParams(
      Object.assign({}, req, { scope }),
      {
        allowedClaims: client.allowedClaims,
        clientAcrs: client.acrValues,
        credentialScopes: deps.credentialScopes,
        resources: [deps.endpoints.issuer],
      },
    );
    if (!checked.ok) throw checked.error.with({ redirect });

    const now = deps.clock();
    const { request } = checked;
    const csrfToken = randomToken();
    const caller = principalOf(ctx);
    const data: TransactionData = {
      redirectUri: req.redirectUri,
      state: req.state,
      // Only hashes of nonces are kept for replay checks; the value the ID token echoes is sealed.
      nonceSealed: req.nonce ? deps.secrets.seal("nonce", req.nonce) : "",
      codeChallenge: req.codeChallenge,
      scopes: request.scopes,
      claims: request.claims,
      acrs: request.acrs,
      forceConsent: request.forceConsent,
      claimsLocales: request.claimsLocales,
      uiLocales: request.uiLocales,
      resource: request.resource,
      credentialConfigurationIds: request.scopes.credential.flatMap((s) => deps.vci?.byScope(s).map((c) => c.id) ?? []),
      authorizationDetails: details.configurationIds,
      ...(caller ? { owner: ownerOf(caller) } : {}),
    };
    // A fresh SBI transactionId binds every capture to this transaction (sbi.md §9.2).
    const offersBio = factorSetsOf(request.acrs).some(({ def }) => def.factors.some((f) => f.type === "BIO"));
    const open = (store: Pick<Repositories, "transactions">) =>
      store.transactions.create<TransactionData>(
        {
          clientId: client.clientId,
          csrfHash: hashSecret(csrfToken),
          sbiTransactionId: offersBio ? randomAlphanumeric(10) : null,
          data,
          expiresAt: now + deps.settings.transactionSeconds * 1000,
        },
        now,
      );
    // OIDC Core §15.5.2: a nonce is accepted once per client (eSignet reference §5.4). Recording it
    // and opening the transaction are one unit of work, so a failed open does not burn the nonce;
    // without a nonce the single insert needs no transaction around it. The replay record is keyed
    // by client and nonce (client ids hold no whitespace, so the newline cannot be forged), so one
    // client cannot burn the nonce another client's relying party chose. Both writes are issued
    // together (on PostgreSQL one round trip with the unit's BEGIN); a nonce already used rolls
    // the transaction's insert back.
    const nonceKey = hashSecret(`${client.clientId}\n${req.nonce}`);
    const tx = !req.nonce
      ? await open(deps.storage)
      : await deps.storage.withTransaction(async (store): Promise<TransactionRecord<TransactionData> | null> => {
          const [fresh, opened] = await Promise.allSettled([
            store.replay.recordOnce("authorize_nonce", nonceKey, now + deps.settings.nonceReplaySeconds * 1000, now),
            open(store),
          ]);
          if (fresh.status === "rejected") throw fresh.reason;
          if (!fresh.value) throw new RollBack(null);
          if (opened.status === "rejected") throw opened.reason;
          return opened.value;
        });
    if (!tx) throw signetError("invalid_request", "nonce: has already been used", { field: "nonce", redirect });
    deps.logger.info("transaction.created", { transaction: tx.id.slice(0, 8), client_id: client.clientId });
    return { transaction: viewOf(deps, tx, client, csrfToken) };
  };
}
