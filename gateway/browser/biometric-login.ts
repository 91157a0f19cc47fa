/**
 * The login page's biometric script (bundled with esbuild, served at
 * /assets/biometric-login.js): finds the local SBI device from the browser, shows its
 * status, captures with the transaction's parameters and posts the capture to
 * /login/biometric. Only the browser-safe SBI client is used; the server verifies.
 */
import { buildCaptureRequest, captureBiometrics, findAuthDevices, type SbiClientError, type SbiDevice } from '../../src/sbi/client/index.js';

interface Params {
  sbiTransactionId: string;
  domainUri: string;
  env: string;
  timeoutMs?: number;
  modalities?: { type: string; count?: number; bioSubtypes?: string[] }[];
  requestedScore?: number;
}

const MESSAGES: Record<string, string> = {
  no_device: 'No biometric device was found on this computer. Connect a certified device and make sure its service is running, then try again.',
  device_busy: 'The biometric device is busy with another capture. Wait a moment and try again.',
  device_not_ready: 'The biometric device is not ready. Check that it is connected, then try again.',
  device_not_registered: 'The biometric device is not registered. Contact the device provider.',
  capture_timeout: 'The capture timed out. Place your finger, eye or face on the device as soon as you press Capture.',
  device_error: 'The biometric device reported an error.',
  invalid_response: 'The biometric device answered in an unexpected way.',
  invalid_request: 'The capture could not be started.',
};

function byId<T extends HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

function say(text: string, kind: 'info' | 'error' = 'info'): void {
  const status = byId('signet-biometric-status');
  if (!status) return;
  status.textContent = text;
  status.className = `notice ${kind}`;
  status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

function failure(error: SbiClientError): void {
  say(`${MESSAGES[error.kind] ?? error.message}${error.sbiErrorCode ? ` (device code ${error.sbiErrorCode})` : ''}`, 'error');
}

async function findDevice(): Promise<SbiDevice | undefined> {
  say('Looking for a biometric device…');
  const found = await findAuthDevices({ perPortTimeoutMs: 1500 });
  if (!found.ok) {
    failure(found.error);
    return undefined;
  }
  const device = found.value[0]!;
  say(`Device found: ${device.make} ${device.model} (${device.type}), status ${device.status}.`);
  return device;
}

async function capture(params: Params, device: SbiDevice): Promise<void> {
  const form = byId<HTMLFormElement>('signet-biometric-form');
  const idInput = byId<HTMLInputElement>('bio-id');
  if (!form || !idInput) return;
  if (!idInput.value.trim()) {
    say('Enter your national ID number first.', 'error');
    idInput.focus();
    return;
  }
  const modality = params.modalities?.find((m) => m.type === device.type);
  const request = buildCaptureRequest({
    device,
    factor: { type: device.type, count: modality?.count ?? 1, ...(modality?.bioSubtypes?.length ? { bioSubTypes: modality.bioSubtypes } : {}), requestedScore: params.requestedScore ?? 70 },
    transactionId: params.sbiTransactionId,
    domainUri: params.domainUri,
    env: params.env as never,
    timeoutMs: params.timeoutMs ?? 30000,
    now: Date.now(),
  });
  if (!request.ok) return failure(request.error);
  say('Capturing… follow the device’s instructions.');
  const result = await captureBiometrics(device.port, request.value);
  if (!result.ok) return failure(result.error);
  say('Captured. Verifying…');
  (form.elements.namedItem('individual_id') as HTMLInputElement).value = idInput.value.trim();
  (form.elements.namedItem('capture') as HTMLInputElement).value = JSON.stringify(result.value);
  form.submit();
}

async function main(): Promise<void> {
  const paramsBlock = byId('signet-biometric-params');
  const button = byId<HTMLButtonElement>('signet-biometric-capture');
  if (!paramsBlock || !button) return;
  const params = JSON.parse(paramsBlock.textContent ?? 'null') as Params | null;
  if (!params) return;
  let device = await findDevice();
  button.disabled = false;
  button.addEventListener('click', () => {
    button.disabled = true;
    void (async () => {
      device ??= await findDevice();
      if (device) await capture(params, device);
      button.disabled = false;
      device = undefined; // rediscover on retry: status may have changed
    })();
  });
}

void main();
