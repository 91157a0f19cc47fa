import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import type { AuthChallenge, KycAuthResult } from "../../ports/identity.js";
import { isIdentityError } from "../../../identity/identity-error.js";
import { SignetError, signetError } from "../../errors/index.js";
import { countAttempt, guardOf, noAttemptsLeft, refundAttempt } from "../../flow/attempts.js";
import { parseChallenges, typeOfChallenge, type ParsedChallenges } from "../../flow/challenges.js";
import type { FlowDeps } from "../../flow/deps.js";
import { fromIdentityError } from "../../flow/identity-errors.js";
import { loadTransaction, redirectOf } from "../../flow/load-transaction.js";
import { fire } from "../../flow/login-state-machine.js";
import type { TransactionData } from "../../flow/transaction-data.js";
import type { ClientRecord } from "../../ports/storage/index.js";
import { viewOf } from "../../flow/view.js";
import { beginAttempt, type AttemptOutcome } from "../../limits/individual-guard.js";
import { individualKey, normaliseIndividualId } from "../../limits/individual-id.js";
import { amrOfFactor } from "../../oidc-profile.js";
import { biometricHandler } from "../../sbi/biometric-handler.js";
import { factorSetsOf } from "../../rules/acr.js";
import { decideConsent } from "../../rules/consent.js";

/**
 * What every identity-system refusal of the factors becomes: a wrong factor, an unknown id and
 * an OTP never sent answer alike, so Authenticate cannot tell registered ids from others.
 */
const AUTH_FAILED_TEXT = "authentication failed: the individual id and the factors do not match";

/**
 * IdentityService.Authenticate (eSignet reference §3.6): the challenges must satisfy one
 * offered factor set; the identity system verifies them; the consent decision is made and
 * `authenticate` fires (one conditional update, whose returned row is the view answered).
 *
 * Two limits apply. Per individual, across transactions and instances (`beginAttempt`): each
 * attempt is admitted first and settled as a success (the failures are forgotten), a failure
 * (any factor, or an unknown id), or not charged (it was never checked, or the server failed).
 * Per transaction (eSignet): at most `authenticateAttempts` calls.
 */
export function authenticate(deps: FlowDeps<"transactions" | "consents" | "individualLimits">): MethodImpl<typeof IdentityService.method.authenticate> {
  return async (req, ctx) => {
    const tx = await loadTransaction(deps, req.transactionId, req.csrfToken, "authenticate", ctx);
    const individual = normaliseIndividualId(req.individualId);
    if (!individual.ok) throw signetError("invalid_identifier", `individual_id: ${individual.rule}`, { field: "individual_id" });
    const types = req.challenges.map(typeOfChallenge);
    const sets = factorSetsOf(tx.data.acrs);
    const wanted = [...types].sort().join("+");
    const satisfied = sets.filter(({ def }) => def.factors.map((f) => f.type).sort().join("+") === wanted);
    if (satisfied.length === 0) {
      throw signetError("auth_factor_mismatch", "challenges: they do not match any authentication method offered for this request", { field: "challenges" });
    }

    const ticket = await beginAttempt(guardOf(deps), individualKey(deps.secrets, individual.id), redirectOf(deps, tx));
    let outcome: AttemptOutcome = "not_charged";
    let verified: Verified;
    try {
      const { remaining } = await countAttempt(deps, tx, "authenticate_count");
      const spent = (err: SignetError) => {
        outcome = "failure";
        // The attempts left go with the error, so the page can say how many remain.
        return remaining === 0 ? noAttemptsLeft(deps, tx) : err.with({ attemptsRemaining: remaining });
      };
      let parsed: ParsedChallenges;
      try {
        parsed = await parseChallenges(req.challenges, deps.sbi ? biometricHandler(deps.sbi, tx.sbiTransactionId, deps.clock) : undefined);
      } catch (err) {
        // A refused capture or malformed factor spends the attempt like a wrong PIN does.
        if (err instanceof SignetError) throw spent(err);
        await refundAttempt(deps, tx, "authenticate_count");
        throw err;
      }
      const client = await deps.clients.get(tx.clientId);
      if (!client) throw signetError("invalid_transaction", "the client of this transaction is no longer registered");
      const sector = client.relyingPartyId || client.clientId;
      try {
        const auth = await deps.identity.kycAuth({
          transactionId: tx.id,
          individualId: individual.id,
          clientId: client.clientId,
          relyingPartyId: sector,
          challenges: parsed.challenges,
        });
        outcome = "success";
        verified = { parsed, auth, client, sector };
      } catch (err) {
        // Anything but the identity system's own refusal is a server-side failure: it costs
        // nothing. An identity system that could not answer (IdentitySystemUnavailableError)
        // becomes temporarily_unavailable.
        if (!isIdentityError(err)) {
          await refundAttempt(deps, tx, "authenticate_count");
          return fromIdentityError(err);
        }
        deps.logger.info("authentication.failed", { client_id: client.clientId, factors: wanted, reason: err.code, attempts_remaining: remaining });
        throw spent(signetError("auth_failed", AUTH_FAILED_TEXT));
      }
    } finally {
      await ticket.settle(outcome);
    }
    return complete(deps, tx, verified, satisfied.map((s) => s.acr).join(" "), wanted);
  };
}

/** What a successful check established. */
interface Verified {
  readonly parsed: ParsedChallenges;
  readonly auth: KycAuthResult;
  readonly client: ClientRecord;
  readonly sector: string;
}

/** After a successful check: the consent decision and the move to `authenticated`. */
async function complete(
  deps: FlowDeps<"transactions" | "consents" | "individualLimits">,
  tx: Awaited<ReturnType<typeof loadTransaction>>,
  verified: Verified,
  acr: string,
  factors: string,
) {
  const { parsed, auth, client, sector } = verified;
  const { clientId } = client;
  const now = deps.clock();
  const subject = deps.secrets.pairwiseSubject(sector, auth.subjectId);
  const stored = await deps.storage.consents.get(clientId, subject, now);
  const decision = decideConsent({ claims: tx.data.claims, authorizeScopes: tx.data.scopes.authorize, forceConsent: tx.data.forceConsent, stored });
  const data: TransactionData = Object.assign({}, tx.data, {
    kycTokenSealed: deps.secrets.seal("kyc_token", auth.kycToken),
    consentRequired: decision.required,
    ...(decision.required ? {} : { storedConsent: { claims: decision.claims, scopes: decision.scopes } }),
  });
  const moved = await fire<TransactionData>(
    deps.storage.transactions, tx, "authenticate",
    { data, subject, authTime: now, acr, amr: amrOf(parsed.challenges) },
    now,
  );
  if (!moved) {
    await deps.identity.revokeKycToken(auth.kycToken).catch((err: unknown) =>
      deps.logger.warn("kyc token revocation failed", { cause: err instanceof Error ? err.message : String(err) }));
    throw signetError("invalid_transaction", "the transaction changed meanwhile; start again", { redirect: redirectOf(deps, tx) });
  }
  deps.logger.info("authentication.succeeded", { client_id: clientId, factors });
  return { transaction: viewOf(deps, moved, client) };
}

/** RFC 8176 `amr` values of the factors presented; biometrics name their modality. */
function amrOf(challenges: readonly AuthChallenge[]): string[] {
  const values = challenges.flatMap((c) =>
    c.type === "BIO" ? c.records.map((r) => amrOfFactor[r.bioType as "Finger" | "Iris" | "Face"] ?? "bio") : [amrOfFactor[c.type]],
  );
  return [...new Set(values)];
}
