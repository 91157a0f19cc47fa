import { authorizeScopes, openidScopeClaims } from "../oidc-profile.js";

/**
 * Scope rules (eSignet reference §5.2; OIDC Core §3.1.2.1): unknown scopes are ignored;
 * OpenID scopes need `openid`; authorize scopes alone make an OAuth 2.0 request; a
 * credential scope cannot be mixed with any other kind; at least one known scope.
 */
export interface ResolvedScopes {
  readonly openid: readonly string[];
  readonly authorize: readonly string[];
  readonly credential: readonly string[];
  /** True when `openid` was requested: an ID token will be issued. */
  readonly isOidc: boolean;
}

export type ScopeResult = { readonly ok: true; readonly scopes: ResolvedScopes } | { readonly ok: false; readonly rule: string };

export function resolveScopes(scope: string, credentialScopes: readonly string[]): ScopeResult {
  const requested = [...new Set(scope.split(" ").filter(Boolean))];
  const openid = requested.filter((s) => s in openidScopeClaims);
  const authorize = requested.filter((s) => (authorizeScopes as readonly string[]).includes(s));
  const credential = requested.filter((s) => credentialScopes.includes(s));
  if (openid.length + authorize.length + credential.length === 0) {
    return { ok: false, rule: "scope must include openid, an authorize scope or a credential scope" };
  }
  if (credential.length > 0 && (openid.length > 0 || authorize.length > 0)) {
    return { ok: false, rule: "a credential scope cannot be combined with OpenID or authorize scopes" };
  }
  if (credential.length > 1) return { ok: false, rule: "request one credential scope at a time" };
  if (openid.length > 0 && !openid.includes("openid")) {
    return { ok: false, rule: `scope ${openid.join(" ")} requires openid` };
  }
  return { ok: true, scopes: { openid, authorize, credential, isOidc: openid.includes("openid") } };
}

/** Claims implied by the OpenID scopes (OIDC Core §5.4). */
export function claimsOfScopes(openid: readonly string[]): string[] {
  return [...new Set(openid.flatMap((s) => openidScopeClaims[s as keyof typeof openidScopeClaims] ?? []))];
}
