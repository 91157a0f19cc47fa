import { readFile } from 'node:fs/promises';
import type { ConfigResult } from './types.js';
import { validateConfigurations } from './validate-configurations.js';

/** The configuration file shipped with Signet: one national ID credential per format. */
export const DEFAULT_CREDENTIALS_FILE = new URL('./default-credentials.json', import.meta.url);

/**
 * Reads and validates a credential configuration file. I/O errors propagate (a missing file is an
 * operator mistake at start-up); a file that is not JSON is reported as a `$` validation error.
 */
export async function loadCredentialConfigurations(file: string | URL = DEFAULT_CREDENTIALS_FILE): Promise<ConfigResult> {
  const text = await readFile(file, 'utf8');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return { ok: false, errors: [{ path: '$', rule: 'must be valid JSON' }] };
  }
  return validateConfigurations(document);
}
