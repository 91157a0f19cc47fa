import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import { signetError } from "../../errors/index.js";
import { RollBack } from "../../ports/storage/index.js";
import type { FlowDeps } from "../../flow/deps.js";
import { loadTransaction, redirectOf } from "../../flow/load-transaction.js";
import { fire } from "../../flow/login-state-machine.js";
import { redirectUrl } from "../../flow/redirect-url.js";
import type { CodeData } from "../../flow/transaction-data.js";
import { consentChoiceViolation, consentRequestHash } from "../../rules/consent.js";
import { hashSecret, randomToken } from "../../secrets.js";

/**
 * IdentityService.IssueCode (RFC 6749 §4.1.2; eSignet reference §3.9): in one unit of work it
 * fires `issueCode` (so one transaction yields one code), records the consent and stores a
 * single-use code of 256 random bits, only as its hash. If any write fails none stays: the
 * transaction is still `authenticated` and the resident can simply submit again.
 */
export function issueCode(deps: FlowDeps<"transactions" | "consents" | "authorizationCodes">): MethodImpl<typeof IdentityService.method.issueCode> {
  return async (req, ctx) => {
    const tx = await loadTransaction(deps, req.transactionId, req.csrfToken, "issueCode", ctx);
    const redirect = redirectOf(deps, tx);
    const now = deps.clock();
    let accepted: readonly string[];
    let permitted: readonly string[];
    if (tx.data.consentRequired) {
      const violation = consentChoiceViolation(tx.data.claims, tx.data.scopes.authorize, req.acceptedClaims, req.permittedScopes);
      if (violation) {
        const error = violation.field === "accepted_claims" ? "invalid_accepted_claim" : "invalid_permitted_scope";
        throw signetError(error, `${violation.field}: ${violation.rule}`, { field: violation.field });
      }
      accepted = [...new Set(req.acceptedClaims)];
      permitted = [...new Set(req.permittedScopes)];
    } else {
      accepted = tx.data.storedConsent?.claims ?? [];
      permitted = tx.data.storedConsent?.scopes ?? [];
    }

    const code = randomToken(32);
    const data: CodeData = {
      scopes: tx.data.scopes,
      acceptedClaims: accepted,
      permittedScopes: [...permitted, ...tx.data.scopes.credential],
      acr: tx.acr ?? "",
      amr: tx.amr ?? [],
      authTime: tx.authTime ?? now,
      claimsLocales: tx.data.claimsLocales,
      kycTokenSealed: tx.data.kycTokenSealed ?? "",
      credentialConfigurationIds: tx.data.credentialConfigurationIds,
      authorizationDetails: tx.data.authorizationDetails ?? [],
    };
    // Read before the unit of work: the client cache may wait for the store.
    const consentMinutes = tx.data.consentRequired ? ((await deps.clients.get(tx.clientId))?.consentExpireMinutes ?? null) : null;
    // The transition and the writes are issued together (on PostgreSQL one round trip with the
    // unit's BEGIN); a transition that loses (a code was already issued) rolls the writes back.
    const issued = await deps.storage.withTransaction(async (store): Promise<boolean> => {
      const [moved, ...written] = await Promise.allSettled([
        fire(store.transactions, tx, "issueCode", {}, now),
        tx.data.consentRequired && tx.subject
          ? store.consents.upsert({
              clientId: tx.clientId,
              subject: tx.subject,
              claims: accepted,
              scopes: permitted,
              requestHash: consentRequestHash(tx.data.claims, tx.data.scopes.authorize),
              createdAt: now,
              expiresAt: consentMinutes ? now + consentMinutes * 60_000 : null,
            })
          : undefined,
        store.authorizationCodes.insert<CodeData>(
          {
            codeHash: hashSecret(code),
            transactionId: tx.id,
            clientId: tx.clientId,
            redirectUri: tx.data.redirectUri,
            codeChallenge: tx.data.codeChallenge,
            nonce: tx.data.nonceSealed || null,
            subject: tx.subject ?? "",
            data,
            expiresAt: now + deps.settings.codeSeconds * 1000,
          },
          now,
        ),
      ]);
      if (moved.status === "rejected") throw moved.reason;
      if (!moved.value) throw new RollBack(false);
      for (const w of written) if (w.status === "rejected") throw w.reason;
      return true;
    });
    if (!issued) throw signetError("invalid_transaction", "a code was already issued for this transaction", { redirect });
    deps.logger.info("authorization_code.issued", { client_id: tx.clientId, consent: tx.data.consentRequired ? "captured" : "reused" });
    return {
      redirectUri: tx.data.redirectUri,
      code,
      state: tx.data.state,
      iss: redirect.iss,
      redirectUrl: redirectUrl(tx.data.redirectUri, { code, state: tx.data.state, iss: redirect.iss }),
    };
  };
}
