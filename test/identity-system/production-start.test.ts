/**
 * `NODE_ENV=production signet start` as a real process (the CLI as the rest of the suite runs it,
 * `cliArgs`; test/cli/bin.test.ts covers `bin/signet.js` itself): with an identity-system URL and the secrets production requires it starts
 * without a single development default and logs a resident in through that identity
 * system; without the URL it refuses, saying what to set.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { decodeJwt } from 'jose';
import { generateSigningKeys, privateKeyPem, selfSignedLeaf } from '../../src/sbi/simulator/certificates.js';
import { ADMIN_TOKEN, cliArgs, GATEWAY_READY, removeDir, signetEnv, spawnSignet } from '../foundation/processes.js';
import { adminClient, mintIdToken } from '../foundation/rpc.js';
import { mockService, serveOverGrpc } from './helpers.js';

async function productionEnv(extra: Record<string, string> = {}) {
  const e = await signetEnv();
  const keys = await generateSigningKeys();
  const cert = await selfSignedLeaf(keys, 'CN=Signet SBI encryption (test)', new Date(Date.now() - 60_000), new Date(Date.now() + 86_400_000));
  const keyFile = join(e.dataDir, 'sbi-key.pem');
  const certFile = join(e.dataDir, 'sbi-cert.pem');
  writeFileSync(keyFile, await privateKeyPem(keys.privateKey));
  writeFileSync(certFile, cert.toString('pem'));
  const env: NodeJS.ProcessEnv = {
    ...e.env,
    NODE_ENV: 'production',
    SIGNET_ISSUER: 'https://id.example.gov',
    SIGNET_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SIGNET_PAIRWISE_SALT: randomBytes(32).toString('base64url'),
    SIGNET_SBI_ENCRYPTION_KEY: keyFile,
    SIGNET_SBI_ENCRYPTION_CERT: certFile,
    SIGNET_LOG_LEVEL: 'info',
    // The test calls the core's flow RPCs as the gateway would, over loopback without a credential.
    SIGNET_CORE_ANONYMOUS: 'gateway',
    ...extra,
  };
  return { ...e, env };
}

test('with SIGNET_IDENTITY_SYSTEM_URL the CLI starts in production with no development default and logs a resident in', async (t) => {
  const identity = await serveOverGrpc(mockService().impl);
  const e = await productionEnv({ SIGNET_IDENTITY_SYSTEM_URL: identity.url });
  const proc = await spawnSignet(process.execPath, cliArgs('start'), e.env, GATEWAY_READY);
  t.teardown(async () => {
    proc.kill();
    await proc.exited;
    await identity.stop();
    removeDir(e.dataDir);
  });
  const coreUrl = e.env.SIGNET_CORE_URL!;
  const { idToken } = await mintIdToken(coreUrl, 'https://id.example.gov', adminClient(coreUrl, ADMIN_TOKEN));
  t.is(decodeJwt(idToken).iss, 'https://id.example.gov');
  t.is(decodeJwt(idToken).acr, 'mosip:idp:acr:generated-code');
  t.notRegex(proc.stderr(), /DEVELOPMENT DEFAULT|MOCK IDENTITY/);
  t.regex(proc.stderr(), /"url":"http:\/\/127\.0\.0\.1:\d+"[^\n]*"msg":"identity system"/);
  t.regex(proc.stderr(), /"challenge_types":"OTP PIN BIO KBI"[^\n]*"msg":"identity system answered"/);
});

test('without SIGNET_IDENTITY_SYSTEM_URL production start refuses and names what to set', async (t) => {
  const e = await productionEnv();
  t.teardown(() => removeDir(e.dataDir));
  const err = await t.throwsAsync(spawnSignet(process.execPath, cliArgs('start'), e.env, GATEWAY_READY));
  t.regex(err?.message ?? '', /exited \(1\) before ready/);
  t.regex(err?.message ?? '', /signet: NODE_ENV=production needs an identity system: set SIGNET_IDENTITY_SYSTEM_URL/);
});
