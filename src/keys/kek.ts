import { dirname, join } from 'node:path';
import { readOrCreateSecretFile } from '../crypto/secret-file.js';

/** Where the key-encryption key comes from. */
export interface KekConfig {
  /** Base64 (or base64url) of 32 random bytes, supplied by the operator (e.g. from a secret store). */
  readonly keyEncryptionKey?: string | undefined;
  /** The development fallback: a generated key file, by default `signet.kek` beside the sqlite file. */
  readonly kekFile: string;
  /** The process's NODE_ENV, passed in by the entry point; `production` refuses the fallback. */
  readonly nodeEnv: string | undefined;
}

/** Something that can warn; never given key material. */
export interface KeyLogger {
  warn(message: string): void;
}

/** The default development key file for a sqlite database file: `signet.kek` in the same directory. */
export function defaultKekFile(sqliteFile: string): string {
  return join(dirname(sqliteFile), 'signet.kek');
}

/**
 * Resolves the 32-byte key-encryption key. Without `keyEncryptionKey` a key file is generated (mode 0600)
 * and reused — loudly, and never under NODE_ENV=production, where a key lying beside the database it
 * protects would defeat the encryption.
 */
export function loadKeyEncryptionKey(config: KekConfig, logger: KeyLogger): Buffer {
  if (config.keyEncryptionKey !== undefined && config.keyEncryptionKey !== '') {
    const kek = Buffer.from(config.keyEncryptionKey, 'base64');
    if (kek.length !== 32) throw new Error('keyEncryptionKey must be the base64 of exactly 32 bytes');
    return kek;
  }
  if (config.nodeEnv === 'production') {
    throw new Error(
      'keyEncryptionKey is required when NODE_ENV=production: the generated development key file ' +
        `(${config.kekFile}) would sit beside the database it protects. Set keyEncryptionKey (env SIGNET_KEY_ENCRYPTION_KEY) to the base64 of 32 random bytes.`,
    );
  }
  const kek = readOrCreateKekFile(config.kekFile);
  logger.warn(
    '*** DEVELOPMENT KEY-ENCRYPTION KEY *** Signing keys are encrypted with a generated key stored in ' +
      `${config.kekFile}. Anyone who can read that file can decrypt them. Set keyEncryptionKey (env SIGNET_KEY_ENCRYPTION_KEY) for any real deployment.`,
  );
  return kek;
}

function readOrCreateKekFile(file: string): Buffer {
  const kek = Buffer.from(readOrCreateSecretFile(file, 'base64'), 'base64');
  if (kek.length !== 32) throw new Error(`the key-encryption key file ${file} does not hold base64 of 32 bytes`);
  return kek;
}
