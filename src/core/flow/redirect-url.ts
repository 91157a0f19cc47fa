/**
 * Builds the authorization response URL (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 `iss`),
 * keeping any query the registered redirect URI already has (§3.1.2).
 */
export function redirectUrl(redirectUri: string, params: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== "") url.searchParams.append(k, v);
  return url.toString();
}
