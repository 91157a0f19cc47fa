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

/** English fallbacks; the page sends its language's messages as JSON (`signet-biometric-messages`). */
const FALLBACK: Record<string, string> = {
  'error.no_device': 'No biometric device was found on this computer. Connect a certified device and make sure its service is running, then try again.',
  'error.device_busy': 'The biometric device is busy with another capture. Wait a moment and try again.',
  'error.device_not_ready': 'The biometric device is not ready. Check that it is connected, then try again.',
  'error.device_not_registered': 'The biometric device is not registered. Contact the device provider.',
  'error.capture_timeout': 'The capture timed out. Place your finger, eye or face on the device as soon as you press Capture.',
  'error.device_error': 'The biometric device reported an error.',
  'error.invalid_response': 'The biometric device answered in an unexpected way.',
  'error.invalid_request': 'The capture could not be started.',
  looking: 'Looking for a biometric device…',
  found: 'Device found: {device}, status {status}.',
  enterIdFirst: 'Enter your national ID number first.',
  capturing: 'Capturing… follow the device’s instructions.',
  verifying: 'Captured. Verifying…',
  deviceCode: '(device code {code})',
};

let messages: Record<string, string> = FALLBACK;

/** A message with its {placeholders} filled. */
function msg(key: string, values: Record<string, string> = {}): string {
  const template = messages[key] ?? FALLBACK[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

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
  const text = messages[`error.${error.kind}`] ?? FALLBACK[`error.${error.kind}`] ?? error.message;
  say(`${text}${error.sbiErrorCode ? ` ${msg('deviceCode', { code: error.sbiErrorCode })}` : ''}`, 'error');
}

async function findDevice(): Promise<SbiDevice | undefined> {
  say(msg('looking'));
  const found = await findAuthDevices({ perPortTimeoutMs: 1500 });
  if (!found.ok) {
    failure(found.error);
    return undefined;
  }
  const device = found.value[0]!;
  say(msg('found', { device: `${device.make} ${device.model} (${device.type})`, status: device.status }));
  return device;
}

async function capture(params: Params, device: SbiDevice): Promise<void> {
  const form = byId<HTMLFormElement>('signet-biometric-form');
  const idInput = byId<HTMLInputElement>('bio-id');
  if (!form || !idInput) return;
  if (!idInput.value.trim()) {
    say(msg('enterIdFirst'), 'error');
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
  say(msg('capturing'));
  const result = await captureBiometrics(device.port, request.value);
  if (!result.ok) return failure(result.error);
  say(msg('verifying'));
  (form.elements.namedItem('individual_id') as HTMLInputElement).value = idInput.value.trim();
  (form.elements.namedItem('capture') as HTMLInputElement).value = JSON.stringify(result.value);
  form.submit();
}

async function main(): Promise<void> {
  const messagesBlock = byId('signet-biometric-messages');
  if (messagesBlock?.textContent) messages = { ...FALLBACK, ...(JSON.parse(messagesBlock.textContent) as Record<string, string>) };
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
