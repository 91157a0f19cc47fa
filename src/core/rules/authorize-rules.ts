import { signetError, type ErrorCode, type SignetError } from "../errors/index.js";
import { factorSetsOf, resolveAcrs } from "./acr.js";
import { parseClaimsRequest, resolveRequestedClaims, type RequestedClaim } from "./claims-request.js";
import { pkceRequestViolation } from "./pkce.js";
import { claimsOfScopes, resolveScopes, type ResolvedScopes } from "./scopes.js";

/**
 * The authorization request rules that apply once the client and its redirect URI are
 * trusted (OIDC Core §3.1.2.1–§3.1.2.2, RFC 6749 §4.1.1, RFC 7636 §4.4.1, RFC 8707 §2).
 * Pure: the caller supplies the client's registration and the provider's options.
 * Every failure here may be redirected to the client (RFC 6749 §4.1.2.1).
 */
export interface AuthorizeParams {
  readonly responseType: string;
  readonly responseMode: string;
  readonly scope: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeChallenge: string;
  readonly codeChallengeMethod: string;
  readonly acrValues: string;
  readonly claims: string;
  readonly claimsLocales: string;
  readonly uiLocales: string;
  readonly prompt: string;
  readonly maxAge: string;
  readonly display: string;
  readonly resource: readonly string[];
}

export interface AuthorizeContext {
  readonly allowedClaims: readonly string[];
  readonly clientAcrs: readonly string[];
  readonly credentialScopes: readonly string[];
  /** Resource indicators Signet serves (the credential issuer identifier). */
  readonly resources: readonly string[];
}

/** What the transaction stores about the validated request. */
export interface ValidatedRequest {
  readonly scopes: ResolvedScopes;
  readonly claims: readonly RequestedClaim[];
  readonly acrs: readonly string[];
  readonly forceConsent: boolean;
  readonly maxAge: number | undefined;
  readonly claimsLocales: readonly string[];
  readonly uiLocales: readonly string[];
  readonly resource: readonly string[];
}

export type AuthorizeRuleResult =
  | { readonly ok: true; readonly request: ValidatedRequest }
  | { readonly ok: false; readonly error: SignetError };

/** The refusal naming the field and the rule; the caller adds the redirect target. */
const fail = (code: ErrorCode, field: string, rule: string): AuthorizeRuleResult => ({ ok: false, error: signetError(code, `${field}: ${rule}`, { field }) });
const promptValues = new Set(["none", "login", "consent", "select_account"]);
const displayValues = new Set(["page", "popup", "touch", "wap"]);
const words = (s: string) => s.split(" ").filter(Boolean);

export function checkAuthorizeParams(p: AuthorizeParams, ctx: AuthorizeContext): AuthorizeRuleResult {
  if (p.responseType === "") return fail("invalid_request", "response_type", "response_type is required");
  if (p.responseType !== "code") return fail("unsupported_response_type", "response_type", "only response_type=code is supported");
  if (p.responseMode !== "" && p.responseMode !== "query") return fail("invalid_request", "response_mode", "only response_mode=query is supported");
  if (p.state.length > 2048) return fail("invalid_request", "state", "state must be at most 2048 characters");
  if (p.nonce.length > 255) return fail("invalid_request", "nonce", "nonce must be at most 255 characters");

  const scoped = resolveScopes(p.scope, ctx.credentialScopes);
  if (!scoped.ok) return fail("invalid_scope", "scope", scoped.rule);
  const scopes = scoped.scopes;

  const pkce = pkceRequestViolation(p.codeChallenge, p.codeChallengeMethod);
  if (pkce) return fail("invalid_request", p.codeChallenge === "" ? "code_challenge" : "code_challenge_method", pkce);

  const prompt = words(p.prompt);
  const unknownPrompt = prompt.find((v) => !promptValues.has(v));
  if (unknownPrompt) return fail("invalid_request", "prompt", `unsupported prompt value ${unknownPrompt}`);
  if (prompt.includes("none") && prompt.length > 1) return fail("invalid_request", "prompt", "prompt=none cannot be combined with other values");
  if (prompt.includes("none")) return fail("login_required", "prompt", "prompt=none cannot be honoured: every login here needs the user (no single sign-on session)");

  if (p.maxAge !== "" && !/^\d{1,10}$/.test(p.maxAge)) return fail("invalid_request", "max_age", "max_age must be a non-negative integer number of seconds");
  if (p.display !== "" && !displayValues.has(p.display)) return fail("invalid_request", "display", "display must be page, popup, touch or wap");

  const foreign = p.resource.find((r) => !ctx.resources.includes(r));
  if (foreign !== undefined) return fail("invalid_target", "resource", `resource ${foreign} is not served here`);

  const parsed = parseClaimsRequest(p.claims);
  if (!parsed.ok) return fail("invalid_request", "claims", parsed.rule);
  if (Object.keys(parsed.claims.userinfo).length > 0 && !scopes.isOidc) {
    return fail("invalid_scope", "claims", "claims.userinfo requires the openid scope");
  }
  const acr = resolveAcrs(ctx.clientAcrs, p.acrValues, parsed.claims.idToken.acr);
  if (!acr.ok) return fail("access_denied", "acr_values", acr.rule);
  if (factorSetsOf(acr.acrs).length === 0) return fail("invalid_request", "acr_values", "no supported authentication method for this client");

  const claims = scopes.credential.length > 0 ? [] : resolveRequestedClaims(ctx.allowedClaims, claimsOfScopes(scopes.openid), parsed.claims);
  return {
    ok: true,
    request: {
      scopes,
      claims,
      acrs: acr.acrs,
      forceConsent: prompt.includes("consent"),
      maxAge: p.maxAge === "" ? undefined : Number(p.maxAge),
      claimsLocales: words(p.claimsLocales),
      uiLocales: words(p.uiLocales),
      resource: p.resource,
    },
  };
}
