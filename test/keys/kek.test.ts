import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { defaultKekFile, loadKeyEncryptionKey } from '../../src/keys/kek.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'signet-kek-'));

test('the development key file is generated once, mode 0600, with a loud warning that shows no key', (t) => {
  const dir = tempDir();
  try {
    const kekFile = defaultKekFile(join(dir, 'data', 'signet.db'));
    t.is(kekFile, join(dir, 'data', 'signet.kek'));
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) };
    const first = loadKeyEncryptionKey({ kekFile, nodeEnv: 'development' }, logger);
    t.is(first.length, 32);
    t.is(statSync(kekFile).mode & 0o777, 0o600);
    t.deepEqual(loadKeyEncryptionKey({ kekFile, nodeEnv: undefined }, logger), first, 'reused, not regenerated');
    t.is(warnings.length, 2);
    t.regex(warnings[0] ?? '', /DEVELOPMENT KEY-ENCRYPTION KEY.*keyEncryptionKey/s);
    t.false(warnings.some((w) => w.includes(first.toString('base64'))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('refuses the development key file under NODE_ENV=production, naming the option', (t) => {
  const dir = tempDir();
  try {
    const kekFile = join(dir, 'signet.kek');
    t.throws(() => loadKeyEncryptionKey({ kekFile, nodeEnv: 'production' }, { warn: () => t.fail() }), {
      message: /keyEncryptionKey is required when NODE_ENV=production/,
    });
    t.false(existsSync(kekFile));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('takes an operator-supplied key in production and checks its length', (t) => {
  const supplied = randomBytes(32);
  const quiet = { warn: () => t.fail('no warning for a supplied key') };
  t.deepEqual(loadKeyEncryptionKey({ keyEncryptionKey: supplied.toString('base64'), kekFile: '/nonexistent/x', nodeEnv: 'production' }, quiet), supplied);
  t.throws(() => loadKeyEncryptionKey({ keyEncryptionKey: randomBytes(16).toString('base64'), kekFile: 'x', nodeEnv: 'production' }, quiet), {
    message: /exactly 32 bytes/,
  });
});
