import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import { IdentityErrorCode, isIdentityError } from "../../../identity/identity-error.js";
import type { OtpChannel, SendOtpResult } from "../../ports/identity.js";
import { signetError } from "../../errors/index.js";
import { countAttempt, guardOf, refundAttempt } from "../../flow/attempts.js";
import type { FlowDeps } from "../../flow/deps.js";
import { fromIdentityError } from "../../flow/identity-errors.js";
import { loadTransaction, redirectOf } from "../../flow/load-transaction.js";
import { beginOtpSend } from "../../limits/individual-guard.js";
import { individualKey, normaliseIndividualId } from "../../limits/individual-id.js";
import { factorSetsOf } from "../../rules/acr.js";
import { viewOf } from "../../flow/view.js";

const channels = new Set<OtpChannel>(["email", "phone"]);

/** Identity-system answers that would tell an unregistered (or unreachable) resident apart. */
const REVEALING = new Set<string>([IdentityErrorCode.InvalidIndividualId, IdentityErrorCode.SendOtpFailed]);

/**
 * IdentityService.SendOtp: asks the identity system to send an OTP (eSignet reference §3.5,
 * §7.3). Every call counts against the individual's send windows (across transactions and
 * instances) and the transaction's limit; a call the server failed is given back.
 *
 * Unless `showMaskedContact` is set, every well-formed id gets the same answer, with no masked
 * contact: an unknown id, or a person with no contact on the asked channels, is told nothing
 * different from a registered one (the page then says "If this ID is registered, a code was sent").
 * The answer carries the transaction as GetTransaction would show it, so the page asking for the
 * code needs no second call.
 */
export function sendOtp(deps: FlowDeps<"transactions" | "individualLimits">): MethodImpl<typeof IdentityService.method.sendOtp> {
  return async (req, ctx) => {
    const tx = await loadTransaction(deps, req.transactionId, req.csrfToken, "sendOtp", ctx);
    const offersOtp = factorSetsOf(tx.data.acrs).some(({ def }) => def.factors.some((f) => f.type === "OTP"));
    if (!offersOtp) throw signetError("auth_factor_mismatch", "OTP is not an authentication method of this request", { redirect: redirectOf(deps, tx) });
    const individual = normaliseIndividualId(req.individualId);
    if (!individual.ok) throw signetError("invalid_identifier", `individual_id: ${individual.rule}`, { field: "individual_id" });
    const unknown = req.otpChannels.find((c) => !channels.has(c as OtpChannel));
    if (unknown !== undefined) throw signetError("invalid_request", `otp_channels: unsupported channel ${unknown} (email, phone)`, { field: "otp_channels" });

    const send = await beginOtpSend(guardOf(deps), individualKey(deps.secrets, individual.id), redirectOf(deps, tx));
    let remaining: number;
    try {
      ({ remaining } = await countAttempt(deps, tx, "send_otp_count"));
    } catch (err) {
      await send.refund();
      throw err;
    }
    const client = await deps.clients.get(tx.clientId);
    const transaction = client ? viewOf(deps, tx, client) : undefined;
    let sent: SendOtpResult;
    try {
      sent = await deps.identity.sendOtp({
        transactionId: tx.id,
        individualId: individual.id,
        channels: req.otpChannels as OtpChannel[],
        clientId: tx.clientId,
        relyingPartyId: client?.relyingPartyId || tx.clientId,
      });
    } catch (err) {
      if (!isIdentityError(err)) {
        // The identity system failed or is unreachable: the resident is charged nothing, and an
        // identity system that could not answer becomes temporarily_unavailable.
        await send.refund();
        await refundAttempt(deps, tx, "send_otp_count");
        return fromIdentityError(err);
      }
      if (deps.settings.showMaskedContact || !REVEALING.has(err.code)) return fromIdentityError(err, remaining);
      deps.logger.info("otp.not_sent", { client_id: tx.clientId, reason: err.code, attempts_remaining: remaining });
      return { maskedEmail: "", maskedMobile: "", transaction };
    }
    deps.logger.info("otp.sent", { client_id: tx.clientId, attempts_remaining: remaining });
    if (!deps.settings.showMaskedContact) return { maskedEmail: "", maskedMobile: "", transaction };
    return { maskedEmail: sent.maskedEmail ?? "", maskedMobile: sent.maskedMobile ?? "", transaction };
  };
}
