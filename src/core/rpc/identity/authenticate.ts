import type { MethodImpl } from "@connectrpc/connect";
import { ConnectError } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import type { AuthChallenge } from "../../../identity/port.js";
import { isIdentityError } from "../../../identity/identity-error.js";
import { signetError, type ErrorCode } from "../../errors.js";
import { ErrorDetailSchema } from "../../../gen/signet/v1/error_pb.js";
import { blockIndividual, countAttempt } from "../../flow/attempts.js";
import { parseChallenges, typeOfChallenge } from "../../flow/challenges.js";
import type { FlowDeps } from "../../flow/deps.js";
import { fromIdentityError } from "../../flow/identity-errors.js";
import { loadTransaction, redirectOf } from "../../flow/load-transaction.js";
import { fire } from "../../flow/login-state-machine.js";
import type { TransactionData } from "../../flow/transaction-data.js";
import { viewOf } from "../../flow/view.js";
import { amrOfFactor } from "../../oidc-profile.js";
import { biometricHandler } from "../../sbi/biometric-handler.js";
import { factorSetsOf } from "../../rules/acr.js";
import { decideConsent } from "../../rules/consent.js";

/**
 * IdentityService.Authenticate (eSignet reference §3.6): the challenges must satisfy one
 * offered factor set; the identity system verifies them; the consent decision is made and
 * `authenticate` fires (one conditional update, whose returned row is the view answered).
 */
export function authenticate(deps: FlowDeps<"transactions" | "blockedIndividuals" | "consents">): MethodImpl<typeof IdentityService.method.authenticate> {
  return async (req) => {
    const tx = await loadTransaction(deps, req.transactionId, req.csrfToken, "authenticate");
    if (!req.individualId.trim()) throw signetError("invalid_identifier", "individual_id: is required", { field: "individual_id" });
    const types = req.challenges.map(typeOfChallenge);
    const sets = factorSetsOf(tx.data.acrs);
    const wanted = [...types].sort().join("+");
    const satisfied = sets.filter(({ def }) => def.factors.map((f) => f.type).sort().join("+") === wanted);
    if (satisfied.length === 0) {
      throw signetError("auth_factor_mismatch", "challenges: they do not match any authentication method offered for this request", { field: "challenges" });
    }

    const { remaining } = await countAttempt(deps, tx.id, "authenticate_count", req.individualId);
    let parsed;
    try {
      parsed = await parseChallenges(req.challenges, deps.sbi ? biometricHandler(deps.sbi, tx.sbiTransactionId, deps.clock) : undefined);
    } catch (err) {
      // A refused capture or malformed factor spends the attempt like a wrong PIN does.
      if (remaining === 0 && err instanceof ConnectError) await blockIndividual(deps, "authenticate_count", req.individualId, redirectOf(deps, tx));
      if (err instanceof ConnectError) throw withAttempts(err, remaining);
      throw err;
    }
    const client = await deps.clients.get(tx.clientId);
    if (!client) throw signetError("invalid_transaction", "the client of this transaction is no longer registered");
    const sector = client.relyingPartyId || client.clientId;

    let auth;
    try {
      auth = await deps.identity.kycAuth({
        transactionId: tx.id,
        individualId: req.individualId,
        clientId: client.clientId,
        relyingPartyId: sector,
        challenges: parsed.challenges,
      });
    } catch (err) {
      deps.logger.info("authentication.failed", { client_id: client.clientId, factors: wanted, attempts_remaining: remaining });
      // The last attempt failed: block now (eSignet reference §7.3), not on a call that may never come.
      if (remaining === 0 && isIdentityError(err)) await blockIndividual(deps, "authenticate_count", req.individualId, redirectOf(deps, tx));
      return fromIdentityError(err, remaining);
    }

    const now = deps.clock();
    const subject = deps.secrets.pairwiseSubject(sector, auth.subjectId);
    const stored = await deps.storage.consents.get(client.clientId, subject, now);
    const decision = decideConsent({ claims: tx.data.claims, authorizeScopes: tx.data.scopes.authorize, forceConsent: tx.data.forceConsent, stored });
    const data: TransactionData = {
      ...tx.data,
      kycTokenSealed: deps.secrets.seal(auth.kycToken),
      consentRequired: decision.required,
      ...(decision.required ? {} : { storedConsent: { claims: decision.claims, scopes: decision.scopes } }),
    };
    const moved = await fire<TransactionData>(
      deps.storage.transactions, tx, "authenticate",
      { data, subject, authTime: now, acr: satisfied.map((s) => s.acr).join(" "), amr: amrOf(parsed.challenges) },
      now,
    );
    if (!moved) {
      await deps.identity.revokeKycToken(auth.kycToken);
      throw signetError("invalid_transaction", "the transaction changed meanwhile; start again", { redirect: redirectOf(deps, tx) });
    }
    deps.logger.info("authentication.succeeded", { client_id: client.clientId, factors: wanted });
    return { transaction: viewOf(deps, moved, client) };
  };
}

/** RFC 8176 `amr` values of the factors presented; biometrics name their modality. */
function amrOf(challenges: readonly AuthChallenge[]): string[] {
  const values = challenges.flatMap((c) =>
    c.type === "BIO" ? c.records.map((r) => amrOfFactor[r.bioType as "Finger" | "Iris" | "Face"] ?? "bio") : [amrOfFactor[c.type]],
  );
  return [...new Set(values)];
}

/** The same error with the attempts left added to its detail, so the page can say how many remain. */
function withAttempts(err: ConnectError, remaining: number): ConnectError {
  const detail = err.findDetails(ErrorDetailSchema)[0];
  if (!detail) return err;
  const redirect = detail.redirectUri ? { redirectUri: detail.redirectUri, state: detail.state, iss: detail.iss } : undefined;
  return signetError(detail.error as ErrorCode, detail.errorDescription, { field: detail.field, attemptsRemaining: remaining, redirect });
}
