import type { Challenge } from "../../gen/signet/v1/identity_pb.js";
import type { AuthChallenge } from "../ports/identity.js";
import { signetError } from "../errors/index.js";
import type { FactorType } from "../oidc-profile.js";

/**
 * Turns the request's challenges into identity-system challenges, checking each format
 * (eSignet reference §6.2: OTP 6 alphanumeric, PIN 6 digits, KBI name and date of
 * birth). BIO captures are handed to `verifyBiometric`, which verifies and decrypts them.
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

const MAX_NAME_CHARS = 200;

/** A real calendar day `YYYY-MM-DD` (not 2024-02-30). */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Knowledge-based identification: a non-blank name of at most 200 characters and a real date of birth. */
function knowledge(name: unknown, birthdate: unknown): AuthChallenge {
  const fail = (rule: string) => signetError("invalid_challenge", `challenges: ${rule}`, { field: "challenges" });
  if (typeof name !== "string" || name.trim() === "" || [...name].length > MAX_NAME_CHARS) throw fail(`the name is required, at most ${MAX_NAME_CHARS} characters`);
  if (typeof birthdate !== "string" || !isCalendarDate(birthdate)) throw fail("the date of birth must be a date YYYY-MM-DD");
  return { type: "KBI", fields: { name, birthdate } };
}

/** eSignet's `base64url-encoded-json` KBI challenge: `{"name": …, "birthdate": …}`. */
function encodedKnowledge(encoded: string): AuthChallenge {
  let doc: unknown;
  try {
    doc = encoded.length <= 2000 ? JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) : undefined;
  } catch {
    doc = undefined;
  }
  if (typeof doc !== "object" || doc === null) throw signetError("invalid_challenge", "challenges: a KBI challenge is base64url JSON of {name, birthdate}", { field: "challenges" });
  const { name, birthdate } = doc as Record<string, unknown>;
  return knowledge(name, birthdate);
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
    else if (v.case === "knowledge") out.push(knowledge(v.value.name, v.value.birthdate));
    else if (v.case === "encoded" && v.value.authFactorType === "KBI" && v.value.format === "base64url-encoded-json") out.push(encodedKnowledge(v.value.challenge));
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
  if (v.case === "knowledge") return "KBI";
  if (v.case === "encoded" && ["OTP", "PIN", "BIO", "KBI"].includes(v.value.authFactorType)) return v.value.authFactorType as FactorType;
  return undefined;
}
