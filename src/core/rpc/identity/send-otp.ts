import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import type { OtpChannel } from "../../../identity/port.js";
import { signetError } from "../../errors.js";
import { countAttempt } from "../../flow/attempts.js";
import type { FlowDeps } from "../../flow/deps.js";
import { fromIdentityError } from "../../flow/identity-errors.js";
import { loadTransaction, redirectOf } from "../../flow/load-transaction.js";
import { factorSetsOf } from "../../rules/acr.js";

const channels = new Set<OtpChannel>(["email", "phone"]);

/** IdentityService.SendOtp: asks the identity system to send an OTP (eSignet reference §3.5, §7.3). */
export function sendOtp(deps: FlowDeps<"transactions" | "blockedIndividuals">): MethodImpl<typeof IdentityService.method.sendOtp> {
  return async (req) => {
    const tx = await loadTransaction(deps, req.transactionId, req.csrfToken, "sendOtp");
    const offersOtp = factorSetsOf(tx.data.acrs).some(({ def }) => def.factors.some((f) => f.type === "OTP"));
    if (!offersOtp) throw signetError("auth_factor_mismatch", "OTP is not an authentication method of this request", { redirect: redirectOf(deps, tx) });
    if (!req.individualId.trim()) throw signetError("invalid_identifier", "individual_id: is required", { field: "individual_id" });
    const unknown = req.otpChannels.find((c) => !channels.has(c as OtpChannel));
    if (unknown !== undefined) throw signetError("invalid_request", `otp_channels: unsupported channel ${unknown} (email, phone)`, { field: "otp_channels" });

    const { remaining } = await countAttempt(deps, tx.id, "send_otp_count", req.individualId);
    const client = await deps.clients.get(tx.clientId);
    try {
      const sent = await deps.identity.sendOtp({
        transactionId: tx.id,
        individualId: req.individualId,
        channels: req.otpChannels as OtpChannel[],
        clientId: tx.clientId,
        relyingPartyId: client?.relyingPartyId || tx.clientId,
      });
      deps.logger.info("otp.sent", { client_id: tx.clientId, attempts_remaining: remaining });
      return { maskedEmail: sent.maskedEmail ?? "", maskedMobile: sent.maskedMobile ?? "" };
    } catch (err) {
      return fromIdentityError(err, remaining);
    }
  };
}
