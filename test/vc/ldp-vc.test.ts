import test from 'ava';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { issueCredential } from '../../src/vc/formats/issue-credential.js';
import { buildControllerDocument } from '../../src/vc/jsonld/controller-document.js';
import { createDocumentLoader, DocumentNotBundledError } from '../../src/vc/jsonld/document-loader.js';
import { didKeyFromJwk } from '../../src/vc/keys/did-key.js';
import { ldpVcConfig } from './helpers/configurations.js';
import { holderKey } from './helpers/holder-keys.js';
import { ISSUER_ID, PERSON, RELEASED, testIssuer } from './helpers/issuer.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const issuer = testIssuer();
const holder = await holderKey('ES256');
const holderDid = didKeyFromJwk(holder.publicJwk);
const issued = await issueCredential({
  configuration: ldpVcConfig, claims: PERSON, holder: { jwk: holder.publicJwk, did: holderDid }, issuer, now: NOW,
});
const credential = issued.credential as Record<string, any>;
/** The verifier's loader: bundled contexts plus the issuer's published controller document, nothing else. */
const SIGNET_CONTEXT_URL = `${ISSUER_ID}/contexts/credentials/v1`;
const documentLoader = createDocumentLoader({ controllers: [{ issuerId: ISSUER_ID, keys: [issuer.keys.ed25519!] }], signetContextUrl: SIGNET_CONTEXT_URL });

async function verify(doc: object, now = NOW) {
  return vc.verifyCredential({
    credential: doc, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, now: new Date(now),
  });
}

/** The reason @digitalbazaar/vc gives for a failed verification. */
function reason(result: { error?: unknown; results?: unknown[] }): string {
  const error = result.error as { errors?: { message: string }[]; message?: string } | undefined;
  const proof = (result.results?.[0] as { error?: { message: string } } | undefined)?.error;
  return error?.errors?.[0]?.message ?? proof?.message ?? error?.message ?? '';
}

test('issues a VCDM 2.0 credential with a DataIntegrityProof (eddsa-rdfc-2022) by <issuer>#<kid>', (t) => {
  t.is(issued.format, 'ldp_vc');
  t.deepEqual(credential['@context'], ['https://www.w3.org/ns/credentials/v2', SIGNET_CONTEXT_URL], "Signet's context by the URL the issuer serves it at");
  t.deepEqual(credential.type, ['VerifiableCredential', 'NationalIdCredential']);
  t.is(credential.issuer, ISSUER_ID);
  t.regex(credential.id, /^urn:uuid:/);
  t.is(credential.validFrom, '2025-06-01T12:00:00Z');
  t.is(credential.validUntil, '2026-06-01T12:00:00Z');
  t.is(credential.credentialSubject.id, holderDid);
  t.deepEqual(Object.keys(credential.credentialSubject).sort(), ['id', ...RELEASED].sort());
  t.like(credential.proof, {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-rdfc-2022',
    proofPurpose: 'assertionMethod',
    verificationMethod: `${ISSUER_ID}#ed25519-2025`,
    created: '2025-06-01T12:00:00Z',
  });
  t.regex(credential.proof.proofValue, /^z[1-9A-HJ-NP-Za-km-z]+$/);
});

test('@digitalbazaar/vc verifies the proof offline with only the bundled contexts', async (t) => {
  const result = await verify(credential);
  t.true(result.verified, JSON.stringify(result.error ?? result.results, null, 1));
});

test('a changed claim breaks the proof', async (t) => {
  const forged = structuredClone(credential);
  forged.credentialSubject.birthdate = '1980-01-01';
  const result = await verify(forged);
  t.false(result.verified);
  t.regex(reason(result), /Invalid signature/);
});

test('a proof by another issuer key is refused', async (t) => {
  const impostor = testIssuer();
  const other = await issueCredential({ configuration: ldpVcConfig, claims: PERSON, holder: { jwk: holder.publicJwk }, issuer: impostor, now: NOW });
  const result = await verify(other.credential as object);
  t.false(result.verified);
  t.regex(reason(result), /Invalid signature/);
});

test('an expired credential is refused', async (t) => {
  const result = await verify(credential, NOW + 366 * 24 * 3600 * 1000);
  t.false(result.verified);
  t.regex(reason(result), /is after "validUntil"/);
});

test('the document loader throws for any URL it does not bundle', async (t) => {
  await t.throwsAsync(documentLoader('https://www.w3.org/2018/credentials/examples/v1'), { instanceOf: DocumentNotBundledError });
  await t.throwsAsync(documentLoader('https://example.org/evil-context'), { message: /not bundled with Signet; remote loading is disabled/ });
  await t.throwsAsync(documentLoader(`${ISSUER_ID}#unknown-kid`), { instanceOf: DocumentNotBundledError });
  const withRemoteContext = structuredClone(credential);
  withRemoteContext['@context'].push('https://example.org/evil-context');
  const result = await verify(withRemoteContext);
  t.false(result.verified);
  const cause = (result.error as { errors?: { details?: { cause?: unknown } }[] }).errors?.[0]?.details?.cause;
  t.true(cause instanceof DocumentNotBundledError, 'verification stopped at Signet\'s loader, not at a network fetch');
});

test('a configured context URL replaces the issuer-served one in the credential', async (t) => {
  const published = 'https://contexts.example.gov/signet/credentials/v1';
  const other = await issueCredential({
    configuration: ldpVcConfig, claims: PERSON, holder: { jwk: holder.publicJwk }, issuer: { ...issuer, signetContextUrl: published }, now: NOW,
  });
  const doc = other.credential as Record<string, any>;
  t.deepEqual(doc['@context'], ['https://www.w3.org/ns/credentials/v2', published]);
  const loader = createDocumentLoader({ controllers: [{ issuerId: ISSUER_ID, keys: [issuer.keys.ed25519!] }], signetContextUrl: published });
  const result = await vc.verifyCredential({ credential: doc, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loader, now: new Date(NOW) });
  t.true(result.verified, reason(result));
  t.false(JSON.stringify(doc).includes('signet:credentials/v1'), 'the configuration placeholder never reaches a credential');
});

test('the loader serves the controller document and its Multikey verification method', async (t) => {
  const { document } = await documentLoader(ISSUER_ID);
  t.deepEqual(document, buildControllerDocument(ISSUER_ID, [issuer.keys.ed25519!]));
  const method = (await documentLoader(`${ISSUER_ID}#ed25519-2025`)).document as Record<string, string>;
  t.like(method, { type: 'Multikey', controller: ISSUER_ID, '@context': 'https://w3id.org/security/multikey/v1' });
  t.regex(method.publicKeyMultibase!, /^z6Mk/);
});

test('a claim term the bundled contexts do not define is refused at issuance (JSON-LD safe mode)', async (t) => {
  const configuration = { ...ldpVcConfig, claims: { ...ldpVcConfig.claims, nickname: { ...ldpVcConfig.claims.given_name! } } };
  await t.throwsAsync(issueCredential({ configuration, claims: PERSON, holder: { jwk: holder.publicJwk }, issuer, now: NOW }), {
    message: /safe mode|undefined term|nickname/i,
  });
});
