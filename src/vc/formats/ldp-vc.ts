import { sign } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { verificationMethodId } from '../jsonld/controller-document.js';
import { resolveContexts, signetContextUrl } from '../jsonld/contexts.js';
import { createDocumentLoader } from '../jsonld/document-loader.js';
import { xsdDateTime, type W3cIssueInput } from './w3c-common.js';

/** Inputs of {@link issueLdpVc}; the key is Ed25519. */
export type LdpVcInput = W3cIssueInput;

/**
 * Issues an `ldp_vc` credential: a VCDM 2.0 JSON-LD document secured with a `DataIntegrityProof`
 * using the `eddsa-rdfc-2022` cryptosuite (VC Data Integrity EdDSA Cryptosuites v1.0 §3.2), by the
 * Digital Bazaar libraries. The proof's verification method is `<issuer>#<kid>`, controlled by the
 * issuer URL (see `buildControllerDocument`); canonicalization resolves contexts only from the
 * bundled set, so an undefined claim term fails here (JSON-LD safe mode) instead of at a verifier.
 */
export async function issueLdpVc(input: LdpVcInput): Promise<Record<string, unknown>> {
  const { configuration, key } = input;
  const signer = {
    id: verificationMethodId(input.issuerId, key.kid),
    algorithm: 'Ed25519',
    sign: async ({ data }: { data: Uint8Array }) => new Uint8Array(sign(null, data, key.privateKey)),
  };
  // Signet's own context is named by the URL it is published at, so any verifier can fetch it.
  const contextUrl = signetContextUrl(input.issuerId, input.signetContextUrl);
  const credential = {
    '@context': resolveContexts(configuration.context, contextUrl),
    id: input.jti,
    type: [...configuration.type],
    issuer: input.issuerId,
    validFrom: xsdDateTime(input.now),
    validUntil: xsdDateTime(input.now + configuration.validitySeconds * 1000),
    credentialSubject: { id: input.holderDid, ...input.claims },
  };
  const suite = new DataIntegrityProof({ signer, date: new Date(Math.floor(input.now / 1000) * 1000), cryptosuite });
  const documentLoader = createDocumentLoader({ controllers: [{ issuerId: input.issuerId, keys: [key] }], signetContextUrl: contextUrl });
  return vc.issue({ credential, suite, documentLoader, now: new Date(input.now) });
}
