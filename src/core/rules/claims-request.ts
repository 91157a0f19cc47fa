/**
 * The `claims` authorization request parameter (OIDC Core §5.5): a JSON object with
 * optional `userinfo` and `id_token` members mapping claim names to `null` or to
 * `{essential, value, values, purpose}`.
 */
export interface ClaimDetail {
  readonly essential: boolean;
  readonly value?: unknown;
  readonly values?: readonly unknown[];
  readonly purpose?: string;
}

export interface ClaimsRequest {
  readonly userinfo: Readonly<Record<string, ClaimDetail>>;
  readonly idToken: Readonly<Record<string, ClaimDetail>>;
}

export type ClaimsRequestResult = { readonly ok: true; readonly claims: ClaimsRequest } | { readonly ok: false; readonly rule: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function parseMember(name: string, member: unknown): Record<string, ClaimDetail> | string {
  if (member === undefined) return {};
  if (!isObject(member)) return `claims.${name} must be a JSON object`;
  const out: Record<string, ClaimDetail> = {};
  for (const [claim, raw] of Object.entries(member)) {
    if (raw === null) {
      out[claim] = { essential: false };
      continue;
    }
    if (!isObject(raw)) return `claims.${name}.${claim} must be null or an object`;
    if (raw.essential !== undefined && typeof raw.essential !== "boolean") return `claims.${name}.${claim}.essential must be a boolean`;
    if (raw.values !== undefined && !Array.isArray(raw.values)) return `claims.${name}.${claim}.values must be an array`;
    if (raw.purpose !== undefined && (typeof raw.purpose !== "string" || raw.purpose.length < 3 || raw.purpose.length > 300)) {
      return `claims.${name}.${claim}.purpose must be a string of 3–300 characters`;
    }
    out[claim] = {
      essential: raw.essential === true,
      ...(raw.value !== undefined ? { value: raw.value } : {}),
      ...(Array.isArray(raw.values) ? { values: raw.values } : {}),
      ...(typeof raw.purpose === "string" ? { purpose: raw.purpose } : {}),
    };
  }
  return out;
}

/** Parses the `claims` parameter; empty means no claims request. */
export function parseClaimsRequest(raw: string): ClaimsRequestResult {
  if (raw === "") return { ok: true, claims: { userinfo: {}, idToken: {} } };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, rule: "claims must be a JSON object (OIDC Core §5.5)" };
  }
  if (!isObject(json)) return { ok: false, rule: "claims must be a JSON object (OIDC Core §5.5)" };
  const userinfo = parseMember("userinfo", json.userinfo);
  if (typeof userinfo === "string") return { ok: false, rule: userinfo };
  const idToken = parseMember("id_token", json.id_token);
  if (typeof idToken === "string") return { ok: false, rule: idToken };
  return { ok: true, claims: { userinfo, idToken } };
}

/** One claim to ask the user for, in the client's registered order. */
export interface RequestedClaim {
  readonly name: string;
  readonly essential: boolean;
  readonly purpose: string;
}

/**
 * The claims to request (eSignet `resolveRequestedClaims`): of the client's allowed
 * claims, those implied by a scope or named in `claims.userinfo`. Claims the client is
 * not registered for are dropped silently, as eSignet does.
 */
export function resolveRequestedClaims(
  allowed: readonly string[],
  scopeClaims: readonly string[],
  request: ClaimsRequest,
): RequestedClaim[] {
  return allowed
    .filter((c) => scopeClaims.includes(c) || c in request.userinfo)
    .map((c) => ({ name: c, essential: request.userinfo[c]?.essential ?? false, purpose: request.userinfo[c]?.purpose ?? "" }));
}
