/**
 * The identity-system connection over TLS with a client certificate (mutual TLS), built
 * from the configuration exactly as `signet start` builds it, against a grpc-js server
 * that requires a client certificate; and the connection options' validation.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import * as x509 from '@peculiar/x509';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { IdentitySystemService } from '../../src/gen/signet/v1/identity_system_pb.js';
import { identitySystemTransport } from '../../src/runtime/identity-runtime.js';
import { startCoreServer } from '../../src/server/core-server.js';
import { createServerTls } from '../../src/tls/server-tls.js';
import { createServiceRegistry } from '../../src/server/dispatch/registry.js';
import { privateKeyPem } from '../../src/sbi/simulator/certificates.js';
import { adapterOver, mockService } from './helpers.js';

const crypto = webcrypto as unknown as Crypto;
const ALG: EcKeyGenParams & EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const day = 86_400_000;

async function ca(name: string) {
  const keys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name, keys, notBefore: new Date(Date.now() - day), notAfter: new Date(Date.now() + day), signingAlgorithm: ALG,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  }, crypto);
  return { keys, cert };
}

async function leaf(issuer: Awaited<ReturnType<typeof ca>>, subject: string, san: boolean) {
  const keys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    subject, issuer: issuer.cert.subject, publicKey: keys.publicKey, signingKey: issuer.keys.privateKey, signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - day), notAfter: new Date(Date.now() + day),
    extensions: san ? [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }])] : [],
  }, crypto);
  return { pem: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}

let dir: string;
let url: string;
let stop: () => Promise<void>;
const files: Record<string, string> = {};
test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-idsys-tls-'));
  const [serverCa, clientCa, otherCa] = [await ca('CN=idsys server CA'), await ca('CN=signet client CA'), await ca('CN=someone else')];
  const server = await leaf(serverCa, 'CN=localhost', true);
  const client = await leaf(clientCa, 'CN=signet', false);
  const stranger = await leaf(otherCa, 'CN=stranger', false);
  const write = (name: string, body: string) => {
    files[name] = join(dir, name);
    writeFileSync(files[name]!, body);
  };
  write('server-ca.pem', serverCa.cert.toString('pem'));
  write('other-ca.pem', otherCa.cert.toString('pem'));
  write('client.pem', client.pem);
  write('client-key.pem', client.key);
  write('stranger.pem', stranger.pem);
  write('stranger-key.pem', stranger.key);
  write('server.pem', server.pem);
  write('server-key.pem', server.key);
  write('client-ca.pem', clientCa.cert.toString('pem'));
  const tls = createServerTls({ certFile: files['server.pem']!, keyFile: files['server-key.pem']!, clientCaFile: files['client-ca.pem']! }, silentLogger);
  const served = await startCoreServer({
    host: '127.0.0.1', port: 0, maxMessageBytes: 1 << 20, logger: silentLogger, tls,
    registry: createServiceRegistry([{ desc: IdentitySystemService, impl: mockService().impl }], []),
  });
  url = `https://localhost:${served.port}`;
  stop = () => served.shutdown(100);
});
test.after.always(async () => {
  await stop?.();
  rmSync(dir, { recursive: true, force: true });
});

const adapter = (identity: Record<string, string>) =>
  adapterOver(identitySystemTransport(loadConfig({ env: {}, overrides: { identity: { systemUrl: url, ...identity } } })), { retries: 0 });

test('with the CA and a client certificate the server trusts, calls go through', async (t) => {
  const caps = await adapter({ caFile: files['server-ca.pem']!, clientCertFile: files['client.pem']!, clientKeyFile: files['client-key.pem']! }).capabilities();
  t.true(caps.challengeTypes.includes('PIN'));
});

test('without a client certificate, with one the server does not trust, or without trusting the server, the identity system is unavailable', async (t) => {
  for (const identity of [
    { caFile: files['server-ca.pem']! } as Record<string, string>,
    { caFile: files['server-ca.pem']!, clientCertFile: files['stranger.pem']!, clientKeyFile: files['stranger-key.pem']! },
    { caFile: files['other-ca.pem']!, clientCertFile: files['client.pem']!, clientKeyFile: files['client-key.pem']! },
  ]) {
    const err = await t.throwsAsync(adapter(identity).capabilities(), { name: 'IdentitySystemUnavailableError' });
    // A refused handshake surfaces as INTERNAL or CANCELED: whichever, the server's side failed.
    t.false((err as { countsAsAttempt?: boolean }).countsAsAttempt);
  }
});

test('the connection options are checked at start, naming the option', (t) => {
  const load = (identity: Record<string, string>, production = false) => () => loadConfig({
    env: production ? { NODE_ENV: 'production' } : {},
    overrides: { ...(production ? { issuer: 'https://id.example.gov' } : {}), identity },
  });
  t.throws(load({ systemUrl: 'https://idsys:8443', clientCertFile: 'c.pem' }), { instanceOf: ConfigError, message: /SIGNET_IDENTITY_SYSTEM_CLIENT_KEY\): set both or neither/ });
  t.throws(load({ systemUrl: 'http://idsys:8443', caFile: 'ca.pem' }), { instanceOf: ConfigError, message: /need an https URL/ });
  t.throws(load({ systemUrl: 'https://idsys:8443/v1?x=1' }), { instanceOf: ConfigError, message: /SIGNET_IDENTITY_SYSTEM_URL\): must be http\(s\):\/\/host:port/ });
  t.throws(load({ systemUrl: 'http://idsys.internal:8443' }, true), { instanceOf: ConfigError, message: /must use https under NODE_ENV=production/ });
  t.notThrows(load({ systemUrl: 'http://127.0.0.1:50061' }, true), 'a loopback sidecar');
  t.notThrows(load({ systemUrl: 'https://idsys.internal:8443' }, true));
  t.throws(load({ timeoutMs: '50' }), { instanceOf: ConfigError, message: /at least 100/ });
});
