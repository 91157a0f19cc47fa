import type { ConfigError } from './types.js';

/** Collects validation errors with the JSON path each one concerns. */
export class ErrorSink {
  readonly errors: ConfigError[] = [];

  /** Records that the value at `path` breaks `rule`. */
  fail(path: string, rule: string): void {
    this.errors.push({ path, rule });
  }
}

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-blank string. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** `path` + `.key`, or `["key"]` when the key is not an identifier. */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Checks `value` is a non-empty array of distinct strings drawn from `allowed` (when given);
 * returns the strings when it is, `undefined` after recording errors otherwise.
 */
export function stringList<T extends string>(
  sink: ErrorSink, path: string, value: unknown, allowed?: readonly T[],
): T[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    sink.fail(path, 'must be a non-empty array');
    return undefined;
  }
  let ok = true;
  value.forEach((item, i) => {
    if (!isNonEmptyString(item)) {
      sink.fail(child(path, i), 'must be a non-empty string');
      ok = false;
    } else if (allowed && !allowed.includes(item as T)) {
      sink.fail(child(path, i), `must be one of ${allowed.join(', ')}`);
      ok = false;
    } else if (value.indexOf(item) !== i) {
      sink.fail(child(path, i), 'must not repeat an earlier entry');
      ok = false;
    }
  });
  return ok ? (value as T[]) : undefined;
}
