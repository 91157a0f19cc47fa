import test from 'ava';
import { Openid4vciIssuer } from '@openid4vc/openid4vci';
import { loadCredentialConfigurations } from '../../src/vc/config/load-configurations.js';
import { buildCredentialIssuerMetadata } from '../../src/vc/metadata/credential-issuer-metadata.js';
import { buildJwtVcIssuerMetadata, jwtVcIssuerMetadataUrl } from '../../src/vc/metadata/jwt-vc-issuer-metadata.js';

const loaded = await loadCredentialConfigurations();
if (!loaded.ok) throw new Error('default configurations are invalid');
const ISSUER = 'https://id.signet.test';
const metadata = buildCredentialIssuerMetadata({
  credentialIssuer: ISSUER,
  credentialEndpoint: `${ISSUER}/credential`,
  nonceEndpoint: `${ISSUER}/nonce`,
  authorizationServers: [ISSUER],
  configurations: loaded.configurations,
  display: [{ name: 'National Identity Authority', locale: 'en' }],
});
const configs = metadata.credential_configurations_supported;

test('issuer metadata top level follows OpenID4VCI 1.0 §12.2.4', (t) => {
  t.is(metadata.credential_issuer, ISSUER);
  t.is(metadata.credential_endpoint, `${ISSUER}/credential`);
  t.is(metadata.nonce_endpoint, `${ISSUER}/nonce`);
  t.deepEqual(metadata.authorization_servers, [ISSUER]);
  t.deepEqual(metadata.display, [{ name: 'National Identity Authority', locale: 'en' }]);
  t.deepEqual(Object.keys(configs), [
    'NationalIdCredential_dc_sd_jwt', 'NationalIdCredential_jwt_vc_json', 'NationalIdCredential_ldp_vc',
  ]);
});

test('omits authorization_servers when the issuer is its own AS', (t) => {
  const own = buildCredentialIssuerMetadata({
    credentialIssuer: ISSUER, credentialEndpoint: `${ISSUER}/c`, nonceEndpoint: `${ISSUER}/n`, configurations: [],
  });
  t.false('authorization_servers' in own);
  t.false('display' in own);
});

test('dc+sd-jwt configuration carries vct and top-level claim paths under credential_metadata', (t) => {
  const sd = configs.NationalIdCredential_dc_sd_jwt!;
  t.is(sd.format, 'dc+sd-jwt');
  t.is(sd.vct, 'urn:signet:vct:national-id:1');
  t.false('credential_definition' in sd);
  t.false('display' in sd, 'display moved under credential_metadata in 1.0');
  t.deepEqual(sd.proof_types_supported, { jwt: { proof_signing_alg_values_supported: ['ES256', 'EdDSA', 'PS256'] } });
  t.deepEqual(sd.cryptographic_binding_methods_supported, ['jwk', 'did:jwk', 'did:key']);
  t.deepEqual(sd.credential_signing_alg_values_supported, ['ES256']);
  t.deepEqual(sd.credential_metadata.claims[1], {
    path: ['given_name'], mandatory: true, display: [{ name: 'Given name', locale: 'en' }, { name: 'Prénom', locale: 'fr' }],
  });
  t.deepEqual(sd.credential_metadata.claims.find((c) => c.path[0] === 'email'), {
    path: ['email'], display: [{ name: 'Email', locale: 'en' }, { name: 'Courriel', locale: 'fr' }],
  });
  const display = sd.credential_metadata.display![0]!;
  t.is(display.background_color, '#0B3D91');
  t.is(display.text_color, '#FFFFFF');
  t.is(display.logo?.alt_text, 'National ID emblem');
  t.regex(display.logo?.uri ?? '', /^data:image\/png;base64,/);
});

test('W3C configurations carry credential_definition and credentialSubject claim paths', (t) => {
  const jwt = configs.NationalIdCredential_jwt_vc_json!;
  t.deepEqual(jwt.credential_definition, { type: ['VerifiableCredential', 'NationalIdCredential'] });
  t.deepEqual(jwt.credential_metadata.claims[0]!.path, ['credentialSubject', 'individual_id']);
  const ldp = configs.NationalIdCredential_ldp_vc!;
  t.deepEqual(ldp.credential_definition, {
    '@context': ['https://www.w3.org/ns/credentials/v2', `${ISSUER}/contexts/credentials/v1`],
    type: ['VerifiableCredential', 'NationalIdCredential'],
  });
  t.deepEqual(ldp.credential_signing_alg_values_supported, ['eddsa-rdfc-2022']);
});

test('an independent OpenID4VCI library accepts the document and knows every configuration', (t) => {
  const issuer = new Openid4vciIssuer({ callbacks: {} as never });
  const parsed = issuer.createCredentialIssuerMetadata(structuredClone(metadata) as never);
  t.is(parsed.credential_issuer, ISSUER);
  const known = issuer.getKnownCredentialConfigurationsSupported(parsed);
  t.deepEqual(Object.keys(known), Object.keys(configs));
});

test('jwt-vc-issuer metadata publishes public keys with kid and refuses private ones', (t) => {
  const key = { kty: 'EC', crv: 'P-256', x: 'eA', y: 'eQ', kid: 'k1' };
  t.deepEqual(buildJwtVcIssuerMetadata({ issuer: ISSUER, jwks: { keys: [key] } }), { issuer: ISSUER, jwks: { keys: [key] } });
  t.throws(() => buildJwtVcIssuerMetadata({ issuer: ISSUER, jwks: { keys: [{ ...key, d: 'secret' }] } }), {
    message: 'jwks.keys[0] contains private key members',
  });
  t.throws(() => buildJwtVcIssuerMetadata({ issuer: ISSUER, jwks: { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'x' }] } }), {
    message: 'jwks.keys[0] must have a kid',
  });
});

test('jwt-vc-issuer well-known URL is inserted between host and path', (t) => {
  t.is(jwtVcIssuerMetadataUrl('https://id.signet.test'), 'https://id.signet.test/.well-known/jwt-vc-issuer');
  t.is(jwtVcIssuerMetadataUrl('https://id.signet.test/tenant/a/'), 'https://id.signet.test/.well-known/jwt-vc-issuer/tenant/a');
});
