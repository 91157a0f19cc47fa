/**
 * Shared test fixtures: an ID-system encryption key (generated once per test file), a simulator in a
 * temp state dir, and capture/verify shortcuts that go through the real client over loopback.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pooledSbiKey, seedSimulatorState } from '../helpers/key-pool.js';
import { buildCaptureRequest, captureBiometrics, type CaptureFactor, type SbiResult } from '../../src/sbi/client/index.js';
import type { CaptureResponse } from '../../src/sbi/capture-types.js';
import { generateSigningKeys, privateKeyPem, selfSignedLeaf } from '../../src/sbi/simulator/certificates.js';
import { startSbiSimulator, type SbiSimulatorHandle, type SbiSimulatorOptions } from '../../src/sbi/simulator/index.js';
import type { ExpectedBinding, VerifierConfig } from '../../src/sbi/verifier/index.js';

export const TXN = 'Ab3dE5gH9k';
export const DOMAIN = 'https://login.signet.test';
export const ENV = 'Developer';

/** The ID system's encryption key pair (what IDA-FIR is in MOSIP). */
export interface IdSystemKey {
  certificatePem: string;
  privateKey: KeyObject;
}

export async function makeIdSystemKey(): Promise<IdSystemKey> {
  // An RSA key with a self-signed certificate, as the pool's SBI encryption keys are.
  const pooled = pooledSbiKey();
  if (pooled) return { certificatePem: pooled.cert, privateKey: createPrivateKey(pooled.key) };
  const keys = await generateSigningKeys();
  const now = Date.now();
  const cert = await selfSignedLeaf(keys, 'CN=Signet Test IDA-FIR', new Date(now - 86_400_000), new Date(now + 86_400_000));
  return { certificatePem: cert.toString('pem'), privateKey: createPrivateKey(await privateKeyPem(keys.privateKey)) };
}

export interface Fixture {
  idKey: IdSystemKey;
  stateDir: string;
  sim: SbiSimulatorHandle;
  config: VerifierConfig;
  cleanup(): Promise<void>;
}

/** One ID key + one simulator per test file. */
export async function setup(options: Partial<SbiSimulatorOptions> = {}): Promise<Fixture> {
  const stateDir = await mkdtemp(join(tmpdir(), 'signet-sbi-'));
  await seedSimulatorState(stateDir);
  const idKey = await makeIdSystemKey();
  const sim = await startSbiSimulator({ stateDir, encryptionCertificatePem: idKey.certificatePem, subject: 'alice', ...options });
  return {
    idKey, stateDir, sim,
    config: { deviceRoots: [sim.deviceCaPem], ftmRoots: [sim.ftmCaPem], decryption: [idKey] },
    cleanup: async () => {
      await sim.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** CAPTURE through the real client against `port`. */
export async function capture(
  port: number, factor: CaptureFactor = { type: 'Finger', count: 1 }, extra: { previousHash?: string; timeoutMs?: number } = {},
): Promise<SbiResult<CaptureResponse>> {
  const req = buildCaptureRequest({
    device: { deviceId: '1', specVersion: '0.9.5' }, factor, transactionId: TXN, domainUri: DOMAIN, env: ENV,
    now: Date.now(), ...extra,
  });
  if (!req.ok) throw new Error(req.error.message);
  return captureBiometrics(port, req.value);
}

/** Capture that must succeed. */
export async function mustCapture(port: number, factor?: CaptureFactor, extra?: { previousHash?: string }): Promise<CaptureResponse> {
  const r = await capture(port, factor, extra);
  if (!r.ok) throw new Error(`capture failed: ${r.error.kind} ${r.error.message}`);
  return r.value;
}

/** The binding the capture helper produces. */
export function expectedFor(modalities: ExpectedBinding['modalities'] = [{ type: 'Finger', count: 1 }]): ExpectedBinding {
  return { transactionId: TXN, domainUri: DOMAIN, env: ENV, modalities, now: Date.now() };
}
