import type { Challenge } from "../../gen/signet/v1/identity_pb.js";
import type { AuthChallenge } from "../../identity/port.js";
import { signetError } from "../errors/index.js";
import type { FactorType } from "../oidc-profile.js";

/**
 * Turns the request's challenges into identity-system challenges, checking each format
 * (eSignet reference §6.2: OTP 6 alphanumeric, PIN 6 digits). BIO captures are handed
 * to `verifyBiometric`, which verifies and decrypts them (issue: SBI login).
 */
export interface ParsedChallenges {
  readonly types: readonly FactorType[];
  readonly challenges: readonly AuthChallenge[];
}

export type BiometricHandler = (challenge: Challenge) => Promise<AuthChallenge & { type: "BIO" }>;

const formats = {
  OTP: { pattern: /^[A-Za-z0-9]{6}$/, rule: "an OTP is 6 letters or digits" },
  PIN: { pattern: /^\d{6}$/, rule: "a PIN is 6 digits" },
} as const;

function checked(type: "OTP" | "PIN", value: string): AuthChallenge {
  if (!formats[type].pattern.test(value)) throw signetError("invalid_challenge", `challenges: ${formats[type].rule}`, { field: "challenges" });
  return { type, value };
}

export async function parseChallenges(list: readonly Challenge[], verifyBiometric: BiometricHandler | undefined): Promise<ParsedChallenges> {
  if (list.length === 0 || list.length > 5) throw signetError("invalid_challenge", "challenges: give 1–5 challenges", { field: "challenges" });
  const out: AuthChallenge[] = [];
  for (const c of list) {
    const v = c.challenge;
    if (v.case === "otp") out.push(checked("OTP", v.value));
    else if (v.case === "pin") out.push(checked("PIN", v.value));
    else if (v.case === "encoded" && v.value.authFactorType === "OTP" && v.value.format === "alpha-numeric") out.push(checked("OTP", v.value.challenge));
    else if (v.case === "encoded" && v.value.authFactorType === "PIN" && v.value.format === "number") out.push(checked("PIN", v.value.challenge));
    else if (v.case === "biometric" || (v.case === "encoded" && v.value.authFactorType === "BIO")) {
      if (!verifyBiometric) throw signetError("auth_factor_mismatch", "challenges: biometric login is not enabled here", { field: "challenges" });
      out.push(await verifyBiometric(c));
    } else {
      throw signetError("invalid_challenge", "challenges: unknown factor type or format", { field: "challenges" });
    }
  }
  return { types: out.map((c) => c.type), challenges: out };
}

/** The factor type of a challenge without parsing its value (to match factor sets first). */
export function typeOfChallenge(c: Challenge): FactorType | undefined {
  const v = c.challenge;
  if (v.case === "otp") return "OTP";
  if (v.case === "pin") return "PIN";
  if (v.case === "biometric") return "BIO";
  if (v.case === "encoded" && ["OTP", "PIN", "BIO"].includes(v.value.authFactorType)) return v.value.authFactorType as FactorType;
  return undefined;
}
