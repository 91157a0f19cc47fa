import type { ServerSecrets } from "../secrets.js";

/** The longest individual id accepted, after normalisation (UINs and VIDs are 10–16 digits). */
export const MAX_INDIVIDUAL_ID_LENGTH = 64;

/** Raw input longer than this is refused before any normalisation work. */
const MAX_RAW_LENGTH = 256;

/** Whitespace and the hyphen and dash characters people type between digit groups. */
const SEPARATORS = /[\s\u002d\u00ad\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/gu;

const SHAPE = new RegExp(`^[A-Za-z0-9]{1,${MAX_INDIVIDUAL_ID_LENGTH}}$`);

/** An individual id as the core uses it, or the rule the input broke. */
export type IndividualIdResult = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly rule: string };

/**
 * Normalises an individual id as typed by a resident: Unicode NFKC (full-width digits become
 * ASCII), then every space and hyphen removed, so "8267 4115 71" and "8267-411-571" are the
 * same id. The result must be 1–64 ASCII letters or digits. Case is kept: it is what the
 * identity system receives.
 */
export function normaliseIndividualId(raw: string): IndividualIdResult {
  if (raw.length > MAX_RAW_LENGTH) return { ok: false, rule: `must be at most ${MAX_INDIVIDUAL_ID_LENGTH} letters or digits` };
  const id = raw.normalize("NFKC").replace(SEPARATORS, "");
  if (id === "") return { ok: false, rule: "is required" };
  if (!SHAPE.test(id)) return { ok: false, rule: `must be 1–${MAX_INDIVIDUAL_ID_LENGTH} letters or digits (spaces and hyphens are ignored)` };
  return { ok: true, id };
}

/**
 * The key the guessing limits are kept under: a keyed hash (HMAC-SHA-256 under a server
 * secret) of the normalised id, case-folded, so the store never holds an id and ids that
 * differ only in letter case share one budget even where the identity system tells them apart.
 */
export function individualKey(secrets: ServerSecrets, normalisedId: string): string {
  return secrets.mac("individual", normalisedId.toUpperCase());
}
