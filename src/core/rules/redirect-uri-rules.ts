/**
 * Redirect URI registration rules (RFC 6749 §3.1.2, OAuth 2.0 Security BCP §4.1,
 * RFC 8252 §7.1, §7.3, §8.3): absolute, no fragment, and either https, http on a
 * loopback host, or a private-use scheme in reverse-domain form. Matching at authorize
 * is exact string comparison, so no wildcards are registered.
 */
const loopbackHosts = new Set(["127.0.0.1", "[::1]", "localhost"]);
const forbiddenSchemes = new Set(["javascript:", "data:", "file:", "vbscript:", "blob:", "about:", "ftp:", "ws:", "wss:"]);

/** Returns the broken rule for one registered redirect URI, or undefined. */
export function redirectUriViolation(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "must be an absolute URI";
  }
  if (uri.includes("#")) return "must not contain a fragment (RFC 6749 §3.1.2)";
  if (/[*]/.test(uri)) return "must not contain wildcards; redirect URIs are matched exactly";
  if (url.username || url.password) return "must not contain user information";
  if (url.protocol === "https:") return url.hostname ? undefined : "https URI needs a host";
  if (url.protocol === "http:") {
    return loopbackHosts.has(url.hostname) ? undefined : "http is allowed only on a loopback host (127.0.0.1, [::1], localhost); use https";
  }
  if (forbiddenSchemes.has(url.protocol)) return `scheme ${url.protocol} is not allowed`;
  // Private-use URI scheme: reverse domain name of a domain the client controls (RFC 8252 §7.1).
  if (/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/.test(url.protocol)) return undefined;
  return "must be https, http on loopback, or a private-use scheme in reverse-domain form (e.g. com.example.app:/cb)";
}
