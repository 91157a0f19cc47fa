import type { Challenge } from "../../gen/signet/v1/identity_pb.js";
import type { CaptureResponse } from "../../sbi/capture-types.js";
import { isBioType, type BioType } from "../../sbi/constants.js";
import { decodeJwsUnverified } from "../../sbi/jws-decode.js";
import type { SbiVerifyFailure } from "../../sbi/verifier/codes.js";
import { decodeBiometrics } from "../../sbi/verifier/decode-input.js";
import { verifySbiCapture } from "../../sbi/verifier/verify.js";
import { signetError } from "../errors/index.js";
import type { BiometricHandler } from "../flow/challenges.js";
import type { SbiSettings } from "./sbi-settings.js";

type Biometrics = CaptureResponse["biometrics"];

/** The SBI wire shape of a typed capture (signet.v1.BiometricCapture → `{biometrics:[...]}`). */
function wireOf(challenge: Challenge): Biometrics | string {
  const v = challenge.challenge;
  if (v.case === "encoded") return v.value.challenge;
  if (v.case !== "biometric") throw signetError("invalid_challenge", "challenges: not a biometric challenge", { field: "challenges" });
  return v.value.biometrics.map((b) => ({
    specVersion: b.specVersion,
    data: b.data,
    hash: b.hash,
    sessionKey: b.sessionKey,
    thumbprint: b.thumbprint,
    error: { errorCode: b.errorCode || "0", errorInfo: b.errorInfo || "Success" },
  })) as Biometrics;
}

/**
 * The modalities present in the decoded capture, read unverified only to pick what to
 * expect; the verifier checks everything.
 */
function modalitiesPresent(elements: Biometrics): BioType[] {
  const types = elements.map((b) => decodeJwsUnverified<{ bioType?: unknown }>(b.data)?.payload.bioType).filter(isBioType);
  return [...new Set(types)];
}

const refused = (failure: SbiVerifyFailure) =>
  signetError("biometric_verification_failed", `the biometric capture was refused (${failure.code}): ${failure.message}`, { field: "challenges" });

/**
 * Verifies an SBI capture for a transaction (reference sbi.md §13, every check in IDA's
 * order) and hands the decrypted records to the identity system. The capture must be
 * bound to this transaction's SBI transactionId, the login origin and the env; a BIO
 * factor is met with one allowed modality at its configured count.
 */
export function biometricHandler(settings: SbiSettings, sbiTransactionId: string | null, now: () => number): BiometricHandler {
  return async (challenge) => {
    if (!sbiTransactionId) throw signetError("auth_factor_mismatch", "challenges: biometric login is not offered for this request", { field: "challenges" });
    // Decoded once (the encoded-json challenge is base64): the cheap shape, size and count
    // checks refuse a hostile capture here, before anything else looks at it.
    const decoded = decodeBiometrics(wireOf(challenge));
    if (!decoded.ok) throw refused(decoded);
    const input = decoded.elements;
    const present = modalitiesPresent(input);
    const expectedModalities = present.length > 0 ? settings.modalities.filter((m) => present.includes(m.type)) : settings.modalities;
    const trust = await settings.trust();
    const result = await verifySbiCapture(
      input,
      { transactionId: sbiTransactionId, domainUri: settings.domainUri, env: settings.env, modalities: expectedModalities.length ? expectedModalities : settings.modalities, now: now() },
      Object.assign({}, trust, { decrypt: settings.decrypt, verifyHashChain: settings.decrypt, maxAgeSeconds: settings.maxAgeSeconds }),
    );
    if (!result.ok) throw refused(result);
    return {
      type: "BIO",
      records: result.records.map((r) => ({
        bioType: r.bioType,
        bioSubType: r.bioSubType ?? "",
        ...(r.isoRecord ? { isoRecord: r.isoRecord } : {}),
        ...(r.encrypted ? { encrypted: r.encrypted } : {}),
      })),
    };
  };
}
