import test from 'ava';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { didJwkFromJwk, parseDidJwk } from '../../src/vc/keys/did-jwk.js';
import { didKeyFromJwk, parseDidKey } from '../../src/vc/keys/did-key.js';
import { base58btcDecode, base58btcEncode } from '../../src/vc/keys/multibase.js';
import { holderKey } from './helpers/holder-keys.js';

test('base58btc round-trips bytes, keeping leading zeros', (t) => {
  const bytes = Uint8Array.from([0, 0, 1, 2, 255, 128, 0]);
  t.is(base58btcEncode(Uint8Array.from([0, 0, 0x28, 0x7f, 0xb4, 0xcd])), '11233QC4');
  t.deepEqual(base58btcDecode(base58btcEncode(bytes)), bytes);
  t.is(base58btcDecode('0OIl'), undefined);
});

test('Ed25519 did:key matches the multibase digitalbazaar computes', async (t) => {
  const key = await holderKey('EdDSA');
  const did = didKeyFromJwk(key.publicJwk);
  const multikey = await Ed25519Multikey.fromJwk({ jwk: key.publicJwk });
  t.is(did, `did:key:${multikey.publicKeyMultibase}`);
  t.regex(did, /^did:key:z6Mk/);
  const parsed = parseDidKey(`${did}#${did.slice('did:key:'.length)}`);
  t.deepEqual(parsed, { ok: true, did, jwk: { kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x } });
});

test('P-256 did:key uses the compressed point and decompresses to the same key', async (t) => {
  const key = await holderKey('ES256');
  const did = didKeyFromJwk(key.publicJwk);
  t.regex(did, /^did:key:zDn/);
  t.deepEqual(parseDidKey(did), { ok: true, did, jwk: { kty: 'EC', crv: 'P-256', x: key.publicJwk.x, y: key.publicJwk.y } });
});

test('did:key refuses a mismatched fragment, another codec and a non-base58 id', (t) => {
  const ed = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
  t.like(parseDidKey(`${ed}#z6Mkother`), { ok: false, rule: 'a did:key URL fragment must equal the multibase key (did:key §3.1.2)' });
  t.like(parseDidKey('did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme'), { ok: false }); // secp256k1
  t.like(parseDidKey('did:key:z0OIl'), { ok: false, rule: 'did:key id must be multibase base58btc (z…)' });
});

test('did:key refuses an id longer than any supported key before decoding it (base58 decoding is quadratic)', (t) => {
  const codec = 'did:key must be an Ed25519 (0xed) or P-256 (0x1200) public key';
  const base58 = 'did:key id must be multibase base58btc (z…)';
  // '0' is no base58 digit: an id that reaches the decoder is refused as not base58, one that is
  // refused by its length first never gets there. 64 characters is the bound.
  t.like(parseDidKey(`did:key:z${'2'.repeat(62)}0`), { ok: false, rule: base58 }, 'at the bound the id is decoded');
  t.like(parseDidKey(`did:key:z${'2'.repeat(63)}0`), { ok: false, rule: codec }, 'one past the bound it is refused undecoded');
  const multibase = `z${'2'.repeat(100_000)}`;
  t.like(parseDidKey(`did:key:${multibase}#${multibase}`), { ok: false, rule: codec });
});

test('did:jwk round-trips the public members and refuses private ones', async (t) => {
  const key = await holderKey('ES256');
  const did = didJwkFromJwk({ ...key.publicJwk, kid: 'ignored', use: 'sig' });
  const parsed = parseDidJwk(`${did}#0`);
  t.deepEqual(parsed, { ok: true, did, jwk: { kty: 'EC', crv: 'P-256', x: key.publicJwk.x, y: key.publicJwk.y } });
  const leaked = `did:jwk:${Buffer.from(JSON.stringify(key.privateJwk)).toString('base64url')}`;
  t.like(parseDidJwk(leaked), { ok: false, rule: 'did:jwk key must not contain private key members' });
  t.like(parseDidJwk(`${did}#1`), { ok: false });
});
