import { chmodSync, existsSync, readFileSync, statSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { SignetConfig } from "../config/config.js";
import type { Logger } from "../core/logger.js";
import type { SbiSettings, SbiTrust } from "../core/sbi/sbi-settings.js";
import { writeFileAtomically } from "../crypto/secret-file.js";

/**
 * The core's SBI material: the RSA key devices encrypt session keys to (with its
 * certificate, handed to devices), and the DEVICE / FTM trust anchors. Operators supply
 * them; outside production a key is generated into <dataDir>/sbi/ and the simulator's CAs
 * in <dataDir>/sbi-sim/ are trusted, both announced loudly.
 */
async function encryptionKey(config: SignetConfig, logger: Logger): Promise<{ certificatePem: string; privateKey: string }> {
  const { encryptionKeyFile, encryptionCertFile } = config.sbi;
  if (encryptionKeyFile && encryptionCertFile) {
    return { privateKey: readFileSync(encryptionKeyFile, "utf8"), certificatePem: readFileSync(encryptionCertFile, "utf8") };
  }
  if (config.production) throw new Error("SIGNET_SBI_ENCRYPTION_KEY and SIGNET_SBI_ENCRYPTION_CERT must be set when NODE_ENV=production");
  const dir = path.join(config.dataDir, "sbi");
  const keyFile = path.join(dir, "encryption-key.pem");
  const certFile = path.join(dir, "encryption-cert.pem");
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    // @peculiar/x509 loads only here, the first time a development key is made.
    const { generateSigningKeys, privateKeyPem, selfSignedLeaf } = await import("../sbi/simulator/certificates.js");
    const keys = await generateSigningKeys();
    const now = Date.now();
    const cert = await selfSignedLeaf(keys, "CN=Signet SBI encryption (development)", new Date(now - 60_000), new Date(now + 2 * 365 * 86_400_000));
    writeFileAtomically(keyFile, await privateKeyPem(keys.privateKey), 0o600);
    writeFileAtomically(certFile, cert.toString("pem") + "\n", 0o644);
  }
  // A copied or restored key may have lost its mode; keep it owner-only.
  if ((statSync(keyFile).mode & 0o777) !== 0o600) chmodSync(keyFile, 0o600);
  logger.warn(`*** DEVELOPMENT DEFAULT *** SBI captures are encrypted to a generated key in ${dir}; give devices ${certFile} (signet sbi-sim does by default)`);
  return { privateKey: readFileSync(keyFile, "utf8"), certificatePem: readFileSync(certFile, "utf8") };
}

/** Reads PEM files, re-reading only when a file changed (the simulator may create its CAs after start). */
function pemFiles(files: readonly string[]): () => Promise<string[]> {
  const cache = new Map<string, { mtime: number; pem: string }>();
  return async () => {
    const out: string[] = [];
    for (const file of files) {
      const info = await stat(file).catch(() => undefined);
      if (!info) continue;
      const hit = cache.get(file);
      if (hit && hit.mtime === info.mtimeMs) out.push(hit.pem);
      else {
        const pem = await readFile(file, "utf8");
        cache.set(file, { mtime: info.mtimeMs, pem });
        out.push(pem);
      }
    }
    return out;
  };
}

export async function createSbiSettings(config: SignetConfig, logger: Logger): Promise<SbiSettings> {
  const key = await encryptionKey(config, logger);
  const simDir = path.join(config.dataDir, "sbi-sim");
  const useDev = (files: readonly string[], fallback: string) => {
    if (files.length > 0) return files;
    if (config.production) return [];
    return [path.join(simDir, fallback)];
  };
  const deviceRoots = pemFiles(useDev(config.sbi.deviceTrustRoots, "device-ca.pem"));
  const ftmRoots = pemFiles(useDev(config.sbi.ftmTrustRoots, "ftm-ca.pem"));
  if (config.production && (config.sbi.deviceTrustRoots.length === 0 || config.sbi.ftmTrustRoots.length === 0)) {
    logger.warn("no SBI DEVICE or FTM trust roots configured (SIGNET_SBI_DEVICE_ROOTS, SIGNET_SBI_FTM_ROOTS): every biometric capture will be refused");
  }
  if (!config.production && config.sbi.deviceTrustRoots.length === 0) {
    logger.warn(`*** DEVELOPMENT DEFAULT *** SBI devices are trusted if they chain to the simulator's CAs in ${simDir}`);
  }
  return {
    env: config.sbi.env,
    domainUri: new URL(config.issuer).origin,
    specVersion: "0.9.5",
    timeoutMs: config.sbi.captureTimeoutMs,
    requestedScore: 70,
    modalities: [
      { type: "Finger", count: config.sbi.fingerCount, bioSubtypes: [...config.sbi.fingerSubtypes] },
      { type: "Iris", count: 1, bioSubtypes: ["UNKNOWN"] },
      { type: "Face", count: 1, bioSubtypes: [] },
    ],
    decrypt: config.sbi.decrypt,
    maxAgeSeconds: config.sbi.captureMaxAgeSeconds,
    async trust(): Promise<SbiTrust> {
      return { deviceRoots: await deviceRoots(), ftmRoots: await ftmRoots(), decryption: [key] };
    },
  };
}
