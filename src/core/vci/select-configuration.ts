import type { JsonObject } from "@bufbuild/protobuf";
import type { CredentialConfiguration } from "../../vc/index.js";
import { signetError, type SignetError } from "../errors/index.js";

/**
 * Which configuration a credential request asks for (OpenID4VCI 1.0 §8.2, and draft 13
 * §7.2: `format` with `vct` or `credential_definition.type`), limited to what the access
 * token allows.
 */
export interface CredentialSelector {
  readonly credentialConfigurationId: string;
  readonly credentialIdentifier: string;
  readonly format: string;
  readonly vct: string;
  readonly credentialDefinition?: JsonObject | undefined;
}

export type SelectResult =
  | { readonly ok: true; readonly configuration: CredentialConfiguration }
  | { readonly ok: false; readonly error: SignetError };

const sameTypes = (a: readonly string[], b: unknown) =>
  Array.isArray(b) && a.length === b.length && a.every((t) => b.includes(t));

export function selectConfiguration(
  req: CredentialSelector,
  configurations: readonly CredentialConfiguration[],
  allowedIds: readonly string[],
): SelectResult {
  const given = [req.credentialConfigurationId, req.credentialIdentifier, req.format].filter(Boolean).length;
  if (given !== 1) {
    return { ok: false, error: signetError("invalid_credential_request", "give exactly one of credential_configuration_id, credential_identifier or (draft 13) format") };
  }
  let found: CredentialConfiguration | undefined;
  if (req.credentialConfigurationId || req.credentialIdentifier) {
    const id = req.credentialConfigurationId || req.credentialIdentifier;
    found = configurations.find((c) => c.id === id);
    if (!found) {
      return req.credentialIdentifier
        ? { ok: false, error: signetError("unknown_credential_identifier", `credential_identifier ${id} is unknown`) }
        : { ok: false, error: signetError("unknown_credential_configuration", `credential_configuration_id ${id} is unknown`) };
    }
  } else {
    const format = req.format === "vc+sd-jwt" ? "dc+sd-jwt" : req.format;
    const ofFormat = configurations.filter((c) => c.format === format);
    if (ofFormat.length === 0) return { ok: false, error: signetError("unsupported_credential_format", `format ${req.format} is not issued here`) };
    found = ofFormat.find((c) =>
      c.format === "dc+sd-jwt" ? c.vct === req.vct : sameTypes(c.type, req.credentialDefinition?.type),
    );
    if (!found) return { ok: false, error: signetError("invalid_credential_request", `no ${req.format} configuration matches the given ${format === "dc+sd-jwt" ? "vct" : "credential_definition.type"}`) };
  }
  // §8.3.1.1: a token that does not enable issuance of the requested credential is an
  // authorization error (RFC 6750 §3.1 insufficient_scope, 403), not a malformed request.
  if (!allowedIds.includes(found.id)) {
    return { ok: false, error: signetError("insufficient_scope", `the access token does not allow credential configuration ${found.id}`) };
  }
  return { ok: true, configuration: found };
}
