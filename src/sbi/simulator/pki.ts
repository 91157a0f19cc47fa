/**
 * The simulator's key material: generated at first start into the state directory, never shipped
 * (reference sbi.md §11 "Keys and certificates"). Two CAs (DEVICE and FTM trust domains), a device
 * leaf (signs deviceInfo and capture data) and an FTM chip leaf (signs digitalId), plus derived
 * certificates for fault injection: expired and self-signed (untrusted) variants of both leaves.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as x509 from '@peculiar/x509';
import {
  createCa, generateSigningKeys, importKeys, issueLeaf, privateKeyPem, selfSignedLeaf, type CertifiedKey,
} from './certificates.js';
import { SIMULATOR_STATE_FILE as STATE_FILE } from './state-file.js';

const DAY = 86_400_000;

/** Persisted state (PEM text, file mode 0600). */
interface StoredState {
  version: 1;
  serialNo: string;
  deviceCode: string;
  deviceCa: { keyPem: string; certPem: string };
  device: { keyPem: string; certPem: string };
  ftmCa: { keyPem: string; certPem: string };
  ftm: { keyPem: string; certPem: string };
}

/** A signing identity: private key plus the DER (base64) certificate that goes into `x5c`. */
export interface Signer {
  privateKey: CryptoKey;
  x5c: string;
}

/** Everything the simulator signs with. */
export interface SimulatorPki {
  serialNo: string;
  deviceCode: string;
  deviceCaPem: string;
  ftmCaPem: string;
  device: Signer;
  ftm: Signer;
  expiredDevice: Signer;
  expiredFtm: Signer;
  untrustedDevice: Signer;
  untrustedFtm: Signer;
}

async function generateState(now: number): Promise<StoredState> {
  const [dcaKeys, devKeys, fcaKeys, ftmKeys] = await Promise.all([
    generateSigningKeys(), generateSigningKeys(), generateSigningKeys(), generateSigningKeys(),
  ]);
  const from = new Date(now - DAY);
  const dca = await createCa(dcaKeys, 'CN=Signet SBI Simulator Device CA, O=Signet Test', from, new Date(now + 3650 * DAY));
  const fca = await createCa(fcaKeys, 'CN=Signet SBI Simulator FTM CA, O=Signet Test', from, new Date(now + 3650 * DAY));
  const dev = await issueLeaf(devKeys.publicKey, 'CN=signet-sbi-sim-device', { certificate: dca, privateKey: dcaKeys.privateKey }, from, new Date(now + 30 * DAY));
  const ftm = await issueLeaf(ftmKeys.publicKey, 'CN=signet-sbi-sim-ftm', { certificate: fca, privateKey: fcaKeys.privateKey }, from, new Date(now + 3650 * DAY));
  const pair = async (k: CryptoKeyPair, c: x509.X509Certificate) => ({ keyPem: await privateKeyPem(k.privateKey), certPem: c.toString('pem') });
  return {
    version: 1,
    serialNo: `SIG${randomBytes(6).toString('hex').toUpperCase()}`,
    deviceCode: randomUUID(),
    deviceCa: await pair(dcaKeys, dca), device: await pair(devKeys, dev),
    ftmCa: await pair(fcaKeys, fca), ftm: await pair(ftmKeys, ftm),
  };
}

async function loadState(stateDir: string): Promise<StoredState | undefined> {
  try {
    const state = JSON.parse(await readFile(join(stateDir, STATE_FILE), 'utf8')) as StoredState;
    return state.version === 1 ? state : undefined;
  } catch {
    return undefined;
  }
}

async function saveState(stateDir: string, state: StoredState): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const tmp = join(stateDir, `${STATE_FILE}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
  await rename(tmp, join(stateDir, STATE_FILE));
}

const x5c = (c: x509.X509Certificate): string => Buffer.from(c.rawData).toString('base64');

/**
 * Loads the state directory's PKI, creating it on first start. A device leaf close to expiry (the
 * spec recommends 30-day rotation, §6.1) is reissued from the stored CA.
 */
export async function loadOrCreatePki(stateDir: string, now: number): Promise<SimulatorPki> {
  let state = await loadState(stateDir);
  if (!state) {
    state = await generateState(now);
    await saveState(stateDir, state);
  }
  const [dca, dev, fca, ftm] = await Promise.all([
    importKeys(state.deviceCa.keyPem, state.deviceCa.certPem), importKeys(state.device.keyPem, state.device.certPem),
    importKeys(state.ftmCa.keyPem, state.ftmCa.certPem), importKeys(state.ftm.keyPem, state.ftm.certPem),
  ]);
  if (dev.certificate.notAfter.getTime() < now + DAY) {
    dev.certificate = await issueLeaf(dev.keys.publicKey, 'CN=signet-sbi-sim-device', { certificate: dca.certificate, privateKey: dca.keys.privateKey }, new Date(now - DAY), new Date(now + 30 * DAY));
    state.device.certPem = dev.certificate.toString('pem');
    await saveState(stateDir, state);
  }
  return { serialNo: state.serialNo, deviceCode: state.deviceCode, deviceCaPem: state.deviceCa.certPem, ftmCaPem: state.ftmCa.certPem, ...await derivedSigners(dca, dev, fca, ftm, now) };
}

async function derivedSigners(dca: CertifiedKey, dev: CertifiedKey, fca: CertifiedKey, ftm: CertifiedKey, now: number) {
  const past = [new Date(now - 400 * DAY), new Date(now - 35 * DAY)] as const;
  const [expiredDev, expiredFtm, rogueDev, rogueFtm] = await Promise.all([
    issueLeaf(dev.keys.publicKey, 'CN=signet-sbi-sim-device', { certificate: dca.certificate, privateKey: dca.keys.privateKey }, ...past),
    issueLeaf(ftm.keys.publicKey, 'CN=signet-sbi-sim-ftm', { certificate: fca.certificate, privateKey: fca.keys.privateKey }, ...past),
    selfSignedLeaf(dev.keys, 'CN=signet-sbi-sim-device', new Date(now - DAY), new Date(now + 30 * DAY)),
    selfSignedLeaf(ftm.keys, 'CN=signet-sbi-sim-ftm', new Date(now - DAY), new Date(now + 30 * DAY)),
  ]);
  const d = dev.keys.privateKey;
  const f = ftm.keys.privateKey;
  return {
    device: { privateKey: d, x5c: x5c(dev.certificate) }, ftm: { privateKey: f, x5c: x5c(ftm.certificate) },
    expiredDevice: { privateKey: d, x5c: x5c(expiredDev) }, expiredFtm: { privateKey: f, x5c: x5c(expiredFtm) },
    untrustedDevice: { privateKey: d, x5c: x5c(rogueDev) }, untrustedFtm: { privateKey: f, x5c: x5c(rogueFtm) },
  };
}
