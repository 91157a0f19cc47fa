import { constants, verify, type KeyObject } from "node:crypto";

/** A JWS whose signature checked out: its protected header and JSON payload. */
export interface VerifiedJws {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** The header of a compact JWS without checking anything but its shape, or null when malformed. */
export function peekJwsHeader(token: string): Readonly<Record<string, unknown>> | null {
  const dot = token.indexOf(".");
  return dot > 0 ? jsonSegment(token.slice(0, dot)) : null;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * Verifies a JWS Compact Serialization (RFC 7515 §7.1) signed by `key` with `alg` (ES256,
 * EdDSA, RS256 or PS256), synchronously over node:crypto: ~80 µs for an ES256 token where
 * jose's jwtVerify, which goes through WebCrypto, costs ~160 µs. Returns null — never throws — when
 * the token is malformed, its header names another algorithm, carries `crit` or `b64` (RFC 7515
 * §4.1.11, RFC 7797: nothing Signet issues uses them, so they are refused), or the signature
 * does not verify. Claims are the caller's to check.
 */
export function verifyCompactJws(token: string, key: KeyObject, alg: string): VerifiedJws | null {
  const jws = decodeCompactJws(token);
  if (!jws || jws.header.alg !== alg) return null;
  const second = token.lastIndexOf(".");
  const signed = Buffer.from(token.slice(0, second), "ascii");
  const signature = Buffer.from(token.slice(second + 1), "base64url");
  return checkSignature(alg, key, signed, signature) ? jws : null;
}

/**
 * The protected header and JSON payload of a JWS Compact Serialization, its signature NOT
 * checked: for a token whose authenticity is established otherwise (an access token found by
 * the hash of its whole text, access-token.ts). Null when it is not three base64url segments
 * with JSON objects in the first two, or its header carries `crit` or `b64`.
 */
export function decodeCompactJws(token: string): VerifiedJws | null {
  const first = token.indexOf(".");
  const second = token.indexOf(".", first + 1);
  if (first <= 0 || second <= first + 1 || token.indexOf(".", second + 1) !== -1) return null;
  const segments = [token.slice(0, first), token.slice(first + 1, second), token.slice(second + 1)];
  if (!segments.every((s) => SEGMENT.test(s))) return null;
  const header = jsonSegment(segments[0]!);
  const payload = jsonSegment(segments[1]!);
  if (!header || !payload || "crit" in header || "b64" in header) return null;
  return { header, payload };
}

function checkSignature(alg: string, key: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    switch (alg) {
      case "ES256":
        // RFC 7518 §3.4: r ‖ s, 32 octets each.
        return signature.length === 64 && verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature);
      case "EdDSA":
        return verify(null, data, key, signature);
      case "RS256":
        return verify("sha256", data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
      case "PS256":
        return verify("sha256", data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
      default:
        return false;
    }
  } catch {
    return false; // a key of another type than `alg` needs
  }
}

function jsonSegment(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The JWT claim checks jose's jwtVerify made for Signet's own tokens (RFC 7519 §4.1, RFC 9068
 * §4), at `nowMs` with `toleranceSeconds` of clock skew: `typ` (compared as RFC 8725 §3.11 and
 * jose do, case-insensitively and without an `application/` prefix), `iss`, `exp` required and
 * not passed, `nbf` not in the future, `iat` a number when present, and the required claims
 * present. Returns what failed, or null.
 */
export function jwtClaimsProblem(
  jws: VerifiedJws,
  expect: { readonly typ: string; readonly issuer: string; readonly nowMs: number; readonly toleranceSeconds: number; readonly required: readonly string[] },
): string | null {
  const { header, payload } = jws;
  const normalise = (typ: string) => typ.toLowerCase().replace(/^application\//, "");
  if (typeof header.typ !== "string" || normalise(header.typ) !== normalise(expect.typ)) return "typ";
  if (payload.iss !== expect.issuer) return "iss";
  for (const claim of ["exp", ...expect.required]) if (!(claim in payload)) return claim;
  const now = Math.floor(expect.nowMs / 1000);
  const tolerance = expect.toleranceSeconds;
  if (typeof payload.exp !== "number" || payload.exp <= now - tolerance) return "exp";
  if (payload.nbf !== undefined && (typeof payload.nbf !== "number" || payload.nbf > now + tolerance)) return "nbf";
  if (payload.iat !== undefined && typeof payload.iat !== "number") return "iat";
  return null;
}
