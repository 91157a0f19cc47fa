import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import { signetError } from "../../errors.js";
import type { FlowDeps } from "../../flow/deps.js";
import { loadTransaction, redirectOf } from "../../flow/load-transaction.js";
import { redirectUrl } from "../../flow/redirect-url.js";
import type { CodeData, TransactionData } from "../../flow/transaction-data.js";
import { consentChoiceViolation, consentRequestHash } from "../../rules/consent.js";
import { hashSecret, randomToken } from "../../secrets.js";

/**
 * IdentityService.IssueCode (RFC 6749 §4.1.2; eSignet reference §3.9): records consent,
 * moves authenticated → code_issued atomically (so one transaction yields one code) and
 * issues a single-use code of 256 random bits, stored only as its hash.
 */
export function issueCode(deps: FlowDeps<"transactions" | "consents" | "authorizationCodes">): MethodImpl<typeof IdentityService.method.issueCode> {
  return async (req) => {
    const tx = await loadTransaction(deps, req.transactionId, req.csrfToken, ["authenticated"]);
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
    const codeHash = hashSecret(code);
    const moved = await deps.storage.transactions.transition<TransactionData>(tx.id, "authenticated", "code_issued", {}, now);
    if (!moved) throw signetError("invalid_transaction", "a code was already issued for this transaction", { redirect });

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
    try {
      const client = await deps.clients.get(tx.clientId);
      if (tx.data.consentRequired && tx.subject) {
        const minutes = client?.consentExpireMinutes ?? null;
        await deps.storage.consents.upsert({
          clientId: tx.clientId,
          subject: tx.subject,
          claims: accepted,
          scopes: permitted,
          requestHash: consentRequestHash(tx.data.claims, tx.data.scopes.authorize),
          createdAt: now,
          expiresAt: minutes ? now + minutes * 60_000 : null,
        });
      }
      await deps.storage.authorizationCodes.insert<CodeData>(
        {
          codeHash,
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
      );
    } catch (err) {
      // Nothing half written: without a stored consent and code the transaction goes back
      // to authenticated, so the user can try again instead of being stuck.
      await deps.storage.transactions.transition(tx.id, "code_issued", "authenticated", {}, deps.clock()).catch(() => false);
      throw err;
    }
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
