import { readFileSync } from "node:fs";
import type { PeerCertificate } from "node:tls";
import type { Principal, Role } from "../../core/principal.js";
import { matchesHash, sha256 } from "../../crypto/hash.js";

/**
 * One configured caller of the core. It is recognised by its mutual-TLS client certificate
 * (subject common name, or one of its subject alternative names) or by a bearer credential
 * of which only the SHA-256 is stored.
 */
export interface CallerEntry {
  readonly id: string;
  readonly role: Role;
  /** `caller` role only: the client ids it may act for. */
  readonly clientIds?: readonly string[];
  readonly certificate?: { readonly cn?: string; readonly san?: string };
  /** Hex SHA-256 of the caller's bearer token (`printf %s "$token" | sha256sum`). */
  readonly tokenSha256?: string;
}

/** Recognises callers; never keeps a credential in clear. */
export interface CallerDirectory {
  /** The principal of a verified client certificate, or undefined when no caller has it. */
  byCertificate(cert: PeerCertificate): Principal | undefined;
  /** The principal of a bearer token, compared in constant time with every stored hash. */
  byToken(token: string): Principal | undefined;
  readonly size: number;
}

const roles: readonly Role[] = ["gateway", "caller", "admin"];

/** Checks one entry, naming the file, index and field at fault. */
function validate(raw: unknown, where: string): CallerEntry {
  const fail = (why: string) => new Error(`${where}: ${why}`);
  if (!raw || typeof raw !== "object") throw fail("must be an object");
  const e = raw as Record<string, unknown>;
  if (typeof e.id !== "string" || !/^[A-Za-z0-9._:@-]{1,128}$/.test(e.id)) throw fail("id: 1–128 characters of A-Z a-z 0-9 . _ : @ -");
  if (!roles.includes(e.role as Role)) throw fail(`role: one of ${roles.join(", ")}`);
  if (e.role === "caller" && (!Array.isArray(e.clientIds) || e.clientIds.length === 0 || !e.clientIds.every((c) => typeof c === "string" && c))) {
    throw fail("clientIds: a caller must be bound to at least one client id");
  }
  if (e.role !== "caller" && e.clientIds !== undefined) throw fail("clientIds: only the caller role is bound to client ids");
  const cert = e.certificate as Record<string, unknown> | undefined;
  if (cert !== undefined && (typeof cert !== "object" || (typeof cert.cn !== "string" && typeof cert.san !== "string"))) {
    throw fail("certificate: needs cn or san");
  }
  if (e.tokenSha256 !== undefined && (typeof e.tokenSha256 !== "string" || !/^[0-9a-f]{64}$/.test(e.tokenSha256))) {
    throw fail("tokenSha256: 64 lower-case hex characters (the SHA-256 of the token, never the token)");
  }
  if (cert === undefined && e.tokenSha256 === undefined) throw fail("needs certificate or tokenSha256 to be recognised");
  return e as unknown as CallerEntry;
}

/** Reads and checks a callers file: `{ "callers": [ {id, role, clientIds?, certificate?, tokenSha256?}, … ] }`. */
export function readCallersFile(file: string): CallerEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`SIGNET_CALLERS_FILE ${file}: ${(err as Error).message}`);
  }
  const list = (parsed as { callers?: unknown })?.callers;
  if (!Array.isArray(list)) throw new Error(`SIGNET_CALLERS_FILE ${file}: needs a "callers" array`);
  const entries = list.map((raw, i) => validate(raw, `SIGNET_CALLERS_FILE ${file}: callers[${i}]`));
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) throw new Error(`SIGNET_CALLERS_FILE ${file}: id ${e.id} appears twice`);
    ids.add(e.id);
  }
  return entries;
}

function principalOf(e: CallerEntry, via: Principal["via"]): Principal {
  return { id: e.id, roles: new Set([e.role]), clientIds: new Set(e.clientIds ?? []), via };
}

/** The values a certificate names itself by: its subject CNs and every SAN value (`DNS:`, `URI:`, `IP Address:` stripped). */
export function certificateNames(cert: PeerCertificate): { cn: string[]; san: string[] } {
  const cn = cert.subject?.CN;
  const san = (cert.subjectaltname ?? "")
    .split(/,\s*/)
    .filter(Boolean)
    .map((s) => s.slice(s.indexOf(":") + 1));
  return { cn: cn === undefined ? [] : Array.isArray(cn) ? cn : [cn], san };
}

/**
 * Builds the directory from the callers file's entries plus the admin token
 * (SIGNET_ADMIN_TOKEN, principal `admin`).
 */
export function createCallerDirectory(entries: readonly CallerEntry[], adminToken?: string): CallerDirectory {
  // The file holds hex SHA-256 (what sha256sum prints); the shared helper compares base64url.
  const tokens = entries
    .filter((e) => e.tokenSha256)
    .map((e) => ({ hash: Buffer.from(e.tokenSha256!, "hex").toString("base64url"), principal: principalOf(e, "token") }));
  if (adminToken) tokens.push({ hash: sha256(adminToken), principal: { id: "admin", roles: new Set(["admin"]), clientIds: new Set(), via: "token" } });
  const certs = entries.filter((e) => e.certificate);
  return {
    size: entries.length,
    byToken(token) {
      let found: Principal | undefined;
      // Every stored hash is compared, so the time taken does not say which one matched.
      for (const t of tokens) if (matchesHash(token, t.hash) && !found) found = t.principal;
      return found;
    },
    byCertificate(cert) {
      const names = certificateNames(cert);
      const e = certs.find((c) =>
        c.certificate!.cn !== undefined ? names.cn.includes(c.certificate!.cn) : names.san.includes(c.certificate!.san!),
      );
      return e && principalOf(e, "certificate");
    },
  };
}
