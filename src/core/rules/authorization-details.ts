/**
 * `authorization_details` (RFC 9396 §2) with entries of type `openid_credential`
 * (OpenID4VCI 1.0 §5.1.1), each naming a `credential_configuration_id`.
 */
export type AuthorizationDetailsResult =
  | { readonly ok: true; readonly configurationIds: readonly string[] }
  | { readonly ok: false; readonly rule: string };

export function parseAuthorizationDetails(raw: string, knownIds: readonly string[]): AuthorizationDetailsResult {
  if (raw === "") return { ok: true, configurationIds: [] };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, rule: "authorization_details must be a JSON array (RFC 9396 §2)" };
  }
  if (!Array.isArray(json) || json.length === 0) return { ok: false, rule: "authorization_details must be a non-empty JSON array" };
  const ids: string[] = [];
  for (const [i, entry] of json.entries()) {
    if (typeof entry !== "object" || entry === null) return { ok: false, rule: `authorization_details[${i}] must be an object` };
    const e = entry as Record<string, unknown>;
    if (e.type !== "openid_credential") return { ok: false, rule: `authorization_details[${i}].type ${String(e.type)} is not supported (openid_credential only)` };
    const id = e.credential_configuration_id;
    if (typeof id !== "string" || !knownIds.includes(id)) return { ok: false, rule: `authorization_details[${i}].credential_configuration_id is unknown` };
    ids.push(id);
  }
  return { ok: true, configurationIds: [...new Set(ids)] };
}
