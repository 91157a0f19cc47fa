import type { z } from 'zod';
import { configurationDocument } from './schema.js';
import type { ConfigError, ConfigResult } from './types.js';

/** `path` + `.key`, or `["key"]` when the key is not an identifier. */
function child(path: string, key: PropertyKey): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const name = String(key);
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

/** One zod issue as the operator reads it: the JSON path of each member at fault and the rule. */
function toConfigErrors(issue: z.core.$ZodIssue): ConfigError[] {
  const path = issue.path.reduce<string>(child, '$');
  // An unknown member is reported at its own path, one error per member.
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: child(path, key), rule: issue.message }));
  return [{ path, rule: issue.message }];
}

/**
 * Validates a credential configuration document `{ "configurations": [ … ] }` against the schema
 * (schema.ts). Collects every error (path + rule) rather than stopping at the first, so an
 * operator fixes the file in one pass; returns the typed configurations, defaults applied.
 */
export function validateConfigurations(document: unknown): ConfigResult {
  const result = configurationDocument.safeParse(document);
  if (result.success) return { ok: true, configurations: result.data };
  return { ok: false, errors: result.error.issues.flatMap(toConfigErrors) };
}

/** Formats errors one per line, `path: rule`, for logs and CLI output. */
export function formatConfigErrors(errors: readonly { path: string; rule: string }[]): string {
  return errors.map((e) => `${e.path}: ${e.rule}`).join('\n');
}
