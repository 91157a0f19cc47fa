import { child, ErrorSink, isRecord } from './json-checks.js';
import type { ConfigResult, CredentialConfiguration } from './types.js';
import { rejectUnknownMembers } from './validate-display.js';
import { validateConfiguration } from './validate-configuration.js';

/**
 * Validates a credential configuration document `{ "configurations": [ … ] }`. Collects every
 * error (path + rule) rather than stopping at the first, so an operator fixes the file in one pass.
 * Ids are unique (they key `credential_configurations_supported`, OpenID4VCI 1.0 §12.2.4) and so
 * are scopes (Signet maps a token's scope to exactly one configuration).
 */
export function validateConfigurations(document: unknown): ConfigResult {
  const sink = new ErrorSink();
  if (!isRecord(document)) {
    sink.fail('$', 'must be an object with a configurations array');
    return { ok: false, errors: sink.errors };
  }
  rejectUnknownMembers(sink, '$', document, ['configurations']);
  const list = document.configurations;
  if (!Array.isArray(list) || list.length === 0) {
    sink.fail('$.configurations', 'must be a non-empty array');
    return { ok: false, errors: sink.errors };
  }
  const configurations: CredentialConfiguration[] = [];
  const seen = { id: new Map<unknown, number>(), scope: new Map<unknown, number>() };
  list.forEach((entry, i) => {
    const path = child('$.configurations', i);
    const configuration = validateConfiguration(sink, path, entry);
    if (configuration) configurations.push(configuration);
    if (!isRecord(entry)) return;
    for (const key of ['id', 'scope'] as const) {
      const first = seen[key].get(entry[key]);
      if (first !== undefined) sink.fail(child(path, key), `must be unique (also used by $.configurations[${first}])`);
      else seen[key].set(entry[key], i);
    }
  });
  return sink.errors.length > 0 ? { ok: false, errors: sink.errors } : { ok: true, configurations };
}

/** Formats errors one per line, `path: rule`, for logs and CLI output. */
export function formatConfigErrors(errors: readonly { path: string; rule: string }[]): string {
  return errors.map((e) => `${e.path}: ${e.rule}`).join('\n');
}
