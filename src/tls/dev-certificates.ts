/**
 * Development TLS material for split mode: a local CA, a server certificate for the core
 * (localhost, 127.0.0.1, ::1 and the configured host) and a client certificate for the
 * gateway, generated once into `<dataDir>/tls/` with ECDSA P-256 keys. Refused under
 * NODE_ENV=production, where the operator supplies certificates.
 */
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { isIP } from "node:net";
import * as x509 from "@peculiar/x509";
import { writeFileAtomically } from "../crypto/secret-file.js";
import { DEV_GATEWAY_CN, devTlsFiles, type DevTlsFiles } from "./dev-tls-files.js";

const crypto = webcrypto as unknown as Crypto;
const EC: EcKeyGenParams & EcdsaParams = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const DAY = 86_400_000;

function serial(): string {
  const b = crypto.getRandomValues(new Uint8Array(12));
  b[0] = b[0]! & 0x7f;
  return Buffer.from(b).toString("hex");
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey("pkcs8", key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END PRIVATE KEY-----\n`;
}

const newKeys = () => crypto.subtle.generateKey(EC, true, ["sign", "verify"]) as Promise<CryptoKeyPair>;

/** A certificate authority: its certificate and signing key. */
export interface Authority {
  readonly certificate: x509.X509Certificate;
  readonly privateKey: CryptoKey;
}

/** A self-signed CA valid for `days` (tests make their own, e.g. a second, untrusted one). */
export async function createAuthority(name: string, days = 3650, now = Date.now()): Promise<Authority> {
  const keys = await newKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name, keys, serialNumber: serial(), signingAlgorithm: EC,
      notBefore: new Date(now - DAY), notAfter: new Date(now + days * DAY),
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certificate, privateKey: keys.privateKey };
}

/** A leaf certificate and its key, both PEM. */
export interface IssuedPem {
  readonly certPem: string;
  readonly keyPem: string;
}

/**
 * Issues a TLS leaf under `ca`: `server` gets serverAuth and a SAN per host name or IP;
 * `client` gets clientAuth and the given SAN URIs / DNS names (its identity as a caller).
 */
export async function issueTlsCertificate(
  ca: Authority,
  opts: { readonly subject: string; readonly usage: "server" | "client"; readonly names?: readonly string[]; readonly days?: number; readonly now?: number },
): Promise<IssuedPem> {
  const keys = await newKeys();
  const now = opts.now ?? Date.now();
  const names = (opts.names ?? []).map((n) =>
    isIP(n) ? { type: "ip" as const, value: n } : n.includes(":") ? { type: "url" as const, value: n } : { type: "dns" as const, value: n },
  );
  const certificate = await x509.X509CertificateGenerator.create(
    {
      subject: opts.subject, issuer: ca.certificate.subject, publicKey: keys.publicKey, signingKey: ca.privateKey,
      serialNumber: serial(), signingAlgorithm: EC,
      notBefore: new Date(now - DAY), notAfter: new Date(now + (opts.days ?? 825) * DAY),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([opts.usage === "server" ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth], false),
        ...(names.length ? [new x509.SubjectAlternativeNameExtension(names, false)] : []),
      ],
    },
    crypto,
  );
  return { certPem: certificate.toString("pem"), keyPem: await keyPem(keys.privateKey) };
}

/**
 * Returns the development CA, server and client certificates in `<dataDir>/tls`,
 * generating them on first use. `hosts` are the extra names the server certificate
 * covers (the core's listen host). Keys are written with mode 0600; the CA key is not
 * kept, so nothing else can be issued under this CA later.
 */
export async function ensureDevCertificates(dataDir: string, hosts: readonly string[] = []): Promise<{ files: DevTlsFiles; generated: boolean }> {
  const files = devTlsFiles(dataDir);
  if ([files.caFile, files.serverCertFile, files.serverKeyFile, files.clientCertFile, files.clientKeyFile].every((f) => existsSync(f))) {
    return { files, generated: false };
  }
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  const ca = await createAuthority("CN=Signet development CA, O=Signet development");
  const serverNames = [...new Set(["localhost", "127.0.0.1", "::1", ...hosts.filter((h) => h && h !== "0.0.0.0" && h !== "::")])];
  const server = await issueTlsCertificate(ca, { subject: "CN=signet-core", usage: "server", names: serverNames });
  const client = await issueTlsCertificate(ca, { subject: `CN=${DEV_GATEWAY_CN}`, usage: "client", names: [`spiffe://signet.local/${DEV_GATEWAY_CN}`] });
  writeFileAtomically(files.serverKeyFile, server.keyPem, 0o600);
  writeFileAtomically(files.clientKeyFile, client.keyPem, 0o600);
  writeFileAtomically(files.serverCertFile, server.certPem, 0o644);
  writeFileAtomically(files.clientCertFile, client.certPem, 0o644);
  writeFileAtomically(files.caFile, ca.certificate.toString("pem"), 0o644);
  return { files, generated: true };
}
