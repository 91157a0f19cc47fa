import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildCaptureRequest, captureBiometrics, findAuthDevices, type CaptureResponse } from "../../src/sbi/client/index.js";
import { startSbiSimulator, type SbiSimulatorHandle } from "../../src/sbi/index.js";
import { seedSimulatorState } from "../helpers/key-pool.js";
import type { SignetUnderTest } from "../helpers/signet.js";

/**
 * Starts the SBI simulator paired with a test Signet the way `signet sbi-sim` pairs with
 * `npm start`: its CAs where the core's development trust looks, encrypting to the core's
 * generated SBI key.
 */
export async function pairedSimulator(signet: SignetUnderTest, subject: string, portRange = { from: 4501, to: 4600 }): Promise<SbiSimulatorHandle> {
  const stateDir = join(signet.config.dataDir, "sbi-sim");
  mkdirSync(stateDir, { recursive: true });
  await seedSimulatorState(stateDir);
  const sim = await startSbiSimulator({
    stateDir,
    encryptionCertificatePem: readFileSync(join(signet.config.dataDir, "sbi", "encryption-cert.pem"), "utf8"),
    subject,
    env: "Developer",
    portRange,
  });
  writeFileSync(join(stateDir, "device-ca.pem"), sim.deviceCaPem);
  writeFileSync(join(stateDir, "ftm-ca.pem"), sim.ftmCaPem);
  return sim;
}

/** What a kiosk does with src/sbi: find the L1 Auth device and capture with the transaction's parameters. */
export async function kioskCapture(
  port: number,
  params: { sbiTransactionId: string; domainUri: string; env: string; timeoutMs: number; modalities: readonly { type: string; count: number; bioSubtypes: readonly string[] }[] },
): Promise<CaptureResponse> {
  const devices = await findAuthDevices({ portRange: { from: port, to: port } });
  if (!devices.ok) throw new Error(`no device: ${devices.error.message}`);
  const device = devices.value[0]!;
  const modality = params.modalities.find((m) => m.type === device.type);
  const request = buildCaptureRequest({
    device,
    factor: { type: device.type, count: modality?.count ?? 1, ...(modality?.bioSubtypes.length ? { bioSubTypes: modality.bioSubtypes } : {}) },
    transactionId: params.sbiTransactionId,
    domainUri: params.domainUri,
    env: params.env as "Developer",
    timeoutMs: params.timeoutMs,
    now: Date.now(),
  });
  if (!request.ok) throw new Error(request.error.message);
  const captured = await captureBiometrics(device.port, request.value);
  if (!captured.ok) throw new Error(`capture failed: ${captured.error.message}`);
  return captured.value;
}

/** A capture response as the typed signet.v1.Challenge the core accepts. */
export const biometric = (capture: CaptureResponse) => ({
  challenge: {
    case: "biometric" as const,
    value: {
      biometrics: capture.biometrics.map((b) => ({
        specVersion: b.specVersion, data: b.data, hash: b.hash, sessionKey: b.sessionKey, thumbprint: b.thumbprint,
        errorCode: b.error?.errorCode ?? "0", errorInfo: b.error?.errorInfo ?? "",
      })),
    },
  },
});
