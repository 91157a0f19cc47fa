/**
 * The demo wallet's verifier: checks each credential it receives the way an independent verifier
 * would, with keys and documents fetched over HTTP from the issuer's public endpoints — SD-JWT VC
 * with @sd-jwt/sd-jwt-vc, JWT VC with jose, Data Integrity with @digitalbazaar/vc.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { digest, ES256 } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import credentialsV2 from '../src/vc/jsonld/contexts/credentials-v2.json' with { type: 'json' };
import multikeyV1 from '../src/vc/jsonld/contexts/multikey-v1.json' with { type: 'json' };
import securityV2 from '../src/vc/jsonld/contexts/security-v2.json' with { type: 'json' };

/** The W3C contexts every Data Integrity verifier ships (Signet's own context is fetched from the issuer). */
const W3C_CONTEXTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['https://www.w3.org/ns/credentials/v2', credentialsV2],
  ['https://w3id.org/security/v2', securityV2],
  ['https://w3id.org/security/multikey/v1', multikeyV1],
]);

/** What the wallet page shows for one credential. */
export interface CheckedCredential {
  readonly configurationId: string;
  readonly format: string;
  readonly verified: boolean;
  /** Why verification failed. */
  readonly problem?: string;
  /** Labelled parts of the decoded credential (header, payload, disclosures, proof…). */
  readonly parts: readonly { readonly label: string; readonly value: unknown }[];
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

/** The issuer's credential keys, from its SD-JWT VC issuer metadata (`/.well-known/jwt-vc-issuer`). */
async function issuerKeys(issuer: string): Promise<{ keys: JWK[] }> {
  const metadata = await getJson(`${issuer}/.well-known/jwt-vc-issuer`);
  if (metadata.issuer !== issuer) throw new Error(`jwt-vc-issuer metadata names ${String(metadata.issuer)}`);
  return metadata.jwks as { keys: JWK[] };
}

async function sameKey(a: unknown, holder: JWK): Promise<boolean> {
  return typeof a === 'object' && a !== null && (await calculateJwkThumbprint(a as JWK)) === (await calculateJwkThumbprint(holder));
}

function decodeDisclosure(d: string): unknown {
  return JSON.parse(Buffer.from(d, 'base64url').toString('utf8'));
}

async function checkSdJwt(issuer: string, credential: string, holder: JWK) {
  const [jwt, ...rest] = credential.split('~');
  const header = decodeProtectedHeader(jwt!);
  const key = (await issuerKeys(issuer)).keys.find((k) => k.kid === header.kid);
  if (!key) throw new Error(`kid ${String(header.kid)} is not among the issuer's published keys`);
  const sdjwt = new SDJwtVcInstance({ hasher: digest, verifier: async (data, sig) => (await ES256.getVerifier(key))(data, sig) });
  const { payload } = await sdjwt.verify(credential);
  if (payload.iss !== issuer) throw new Error(`iss is ${String(payload.iss)}`);
  if (!(await sameKey((payload.cnf as { jwk?: unknown } | undefined)?.jwk, holder))) throw new Error('cnf.jwk is not the wallet key');
  const claims = await sdjwt.getClaims(credential);
  return [
    { label: 'Issuer-signed JWT header', value: header },
    { label: 'Issuer-signed JWT payload (claim digests in _sd)', value: payload },
    { label: 'Disclosures [salt, claim, value]', value: rest.filter(Boolean).map(decodeDisclosure) },
    { label: 'Claims after checking every disclosure against its digest', value: claims },
  ];
}

async function checkJwtVc(issuer: string, credential: string, holder: JWK) {
  const { payload, protectedHeader } = await jwtVerify(credential, createLocalJWKSet(await issuerKeys(issuer)), { issuer });
  const sub = String(payload.sub ?? '');
  const bound = sub.startsWith('did:jwk:') && (await sameKey(JSON.parse(Buffer.from(sub.slice(8), 'base64url').toString('utf8')), holder));
  if (!bound) throw new Error(`sub ${sub} is not the wallet key's did:jwk`);
  return [
    { label: 'JWT header', value: protectedHeader },
    { label: 'JWT claims (the VCDM 1.1 credential under vc)', value: payload },
  ];
}

/**
 * A document loader with the W3C contexts and nothing else: every other URL (Signet's context, the
 * issuer's controller document and verification method) is fetched over HTTP, from the issuer only.
 */
function httpLoader(issuer: string): vc.DocumentLoader {
  const origin = new URL(issuer).origin;
  return async (url) => {
    const known = W3C_CONTEXTS.get(url);
    if (known) return { contextUrl: null, documentUrl: url, document: structuredClone(known) };
    const target = new URL(url);
    if (target.origin !== origin) throw new Error(`${url}: the demo verifier fetches documents from the issuer only`);
    target.hash = '';
    const res = await fetch(target, { headers: { accept: 'application/ld+json, application/json;q=0.9' }, redirect: 'error', signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`${target.href}: HTTP ${res.status}`);
    const document = (await res.json()) as { verificationMethod?: { id: string }[] };
    if (!url.includes('#')) return { contextUrl: null, documentUrl: url, document };
    const method = document.verificationMethod?.find((m) => m.id === url);
    if (!method) throw new Error(`${url} is not in the issuer's controller document`);
    return { contextUrl: null, documentUrl: url, document: { '@context': 'https://w3id.org/security/multikey/v1', ...method } };
  };
}

async function checkLdpVc(issuer: string, credential: Record<string, unknown>, holder: JWK) {
  const result = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: httpLoader(issuer) });
  if (!result.verified) {
    const error = result.error as { errors?: { message: string }[]; message?: string } | undefined;
    throw new Error(error?.errors?.[0]?.message ?? error?.message ?? 'the Data Integrity proof did not verify');
  }
  const subject = (credential.credentialSubject ?? {}) as { id?: string };
  const bound = subject.id?.startsWith('did:jwk:') && (await sameKey(JSON.parse(Buffer.from(subject.id.slice(8), 'base64url').toString('utf8')), holder));
  if (!bound) throw new Error(`credentialSubject.id ${String(subject.id)} is not the wallet key's did:jwk`);
  const { proof, ...document } = credential;
  return [
    { label: 'Credential (VCDM 2.0)', value: document },
    { label: 'Data Integrity proof (eddsa-rdfc-2022)', value: proof },
  ];
}

/** Decodes and verifies one issued credential; failures are reported, not thrown. */
export async function checkCredential(issuer: string, configurationId: string, format: string, credential: unknown, holder: JWK): Promise<CheckedCredential> {
  try {
    let parts;
    if (format === 'dc+sd-jwt' && typeof credential === 'string') parts = await checkSdJwt(issuer, credential, holder);
    else if (format === 'jwt_vc_json' && typeof credential === 'string') parts = await checkJwtVc(issuer, credential, holder);
    else if (format === 'ldp_vc' && typeof credential === 'object' && credential !== null) parts = await checkLdpVc(issuer, credential as Record<string, unknown>, holder);
    else throw new Error(`a ${format} credential of type ${typeof credential} is not something this wallet reads`);
    return { configurationId, format, verified: true, parts };
  } catch (err) {
    return { configurationId, format, verified: false, problem: err instanceof Error ? err.message : String(err), parts: [{ label: 'As received', value: credential }] };
  }
}
