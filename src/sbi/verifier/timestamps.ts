/**
 * §13 checks 16–17 (reference sbi.md §6.2 step 11): the last element's `timestamp` and
 * `digitalId.dateTime` lie in now−60 s … now+30 s; along the array both never decrease and never
 * jump more than 120 s. Pure: `now` is passed in.
 */
import { failure, type SbiVerifyFailure } from './codes.js';

const PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/** Parses `yyyy-MM-dd'T'HH:mm:ssXXX` or with `.SSS`; undefined otherwise. */
export function parseSbiTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !PATTERN.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Window and ordering limits in seconds. */
export interface TimeLimits {
  maxAgeSeconds: number;
  maxFutureSeconds: number;
  maxSegmentSeconds: number;
}

/** Checks the timestamps and digital id date-times of all elements. */
export function checkTimestamps(
  items: ReadonlyArray<{ timestamp: unknown; dateTime: unknown }>, now: number, limits: TimeLimits,
): SbiVerifyFailure | undefined {
  const ts: number[] = [];
  const dt: number[] = [];
  for (const [i, item] of items.entries()) {
    const t = parseSbiTime(item.timestamp);
    const d = parseSbiTime(item.dateTime);
    if (t === undefined || d === undefined) return failure('timestamp_invalid', i);
    ts.push(t);
    dt.push(d);
  }
  const last = items.length - 1;
  const inWindow = (v: number) => v <= now + limits.maxFutureSeconds * 1000 && v >= now - limits.maxAgeSeconds * 1000;
  if (!inWindow(ts[last]!)) return failure('timestamp_out_of_window', last);
  if (!inWindow(dt[last]!)) return failure('digital_id_datetime_out_of_window', last);
  const step = (a: number, b: number) => b - a >= 0 && b - a <= limits.maxSegmentSeconds * 1000;
  for (let i = 1; i <= last; i++) {
    if (!step(ts[i - 1]!, ts[i]!)) return failure('timestamp_order', i);
    if (!step(dt[i - 1]!, dt[i]!)) return failure('digital_id_datetime_order', i);
  }
  return undefined;
}
