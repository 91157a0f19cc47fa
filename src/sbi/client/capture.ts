/**
 * CAPTURE over fetch (reference sbi.md §4.2, §12): every element's `error.errorCode` must be "0".
 */
import type { CaptureBiometric, CaptureRequest, CaptureResponse } from '../capture-types.js';
import { sbiErrorInfo } from '../error-codes.js';
import { fail, kindForSbiCode, ok, type SbiResult } from './errors.js';
import { sbiExchange } from './http.js';
import { resolveClientOptions, type SbiClientOptions } from './options.js';

/** Options for {@link captureBiometrics}. */
export interface CaptureOptions extends SbiClientOptions {
  /** Extra time beyond the request `timeout` before the client gives up itself; default 5000 ms. */
  graceMs?: number;
}

/** Checks a capture body: an object with a non-empty `biometrics` array, all errorCode "0". Pure. */
export function readCaptureResponse(body: unknown): SbiResult<CaptureResponse> {
  const list = (body as { biometrics?: unknown } | null)?.biometrics;
  if (!Array.isArray(list) || list.length === 0) {
    return fail('invalid_response', 'capture response has no biometrics');
  }
  for (const item of list as Array<Partial<CaptureBiometric> | null>) {
    const code = item?.error?.errorCode;
    if (code !== undefined && code !== '0') {
      return fail(kindForSbiCode(String(code)), `device error ${code}: ${sbiErrorInfo(String(code))}`, String(code));
    }
    if (!item || typeof item.data !== 'string' || item.data === '') {
      return fail('invalid_response', 'capture element without data');
    }
  }
  return ok({ biometrics: list as CaptureBiometric[] });
}

/** Sends CAPTURE to the device's port and returns the checked response. */
export async function captureBiometrics(
  port: number, request: CaptureRequest, options: CaptureOptions = {},
): Promise<SbiResult<CaptureResponse>> {
  const opts = resolveClientOptions(options);
  const timeout = Number(request.timeout) + (options.graceMs ?? 5000);
  const r = await sbiExchange(opts.fetch, `${opts.host}:${port}/capture`, 'CAPTURE', request, timeout);
  if (r.ok) return readCaptureResponse(r.body);
  if (r.reason === 'timeout') return fail('capture_timeout', 'the device did not answer in time');
  if (r.reason === 'not_json') return fail('invalid_response', 'capture response is not JSON');
  return fail('no_device', `no answer on port ${port}`);
}
