import type { JWK } from 'jose';
import { BUNDLED_CONTEXTS, MULTIKEY_CONTEXT_V1, SIGNET_CONTEXT_DOCUMENT } from './contexts.js';
import { buildControllerDocument } from './controller-document.js';

/** A JSON-LD document loader (jsonld.js `documentLoader` contract). */
export type DocumentLoader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;

/** Error thrown for every URL the loader does not hold; Signet never fetches over the network. */
export class DocumentNotBundledError extends Error {
  constructor(readonly url: string) {
    super(`JSON-LD document ${JSON.stringify(url)} is not bundled with Signet; remote loading is disabled`);
    this.name = 'DocumentNotBundledError';
  }
}

/** Issuer controller documents the loader may serve, besides the bundled contexts. */
export interface LoaderOptions {
  /** The URL Signet's own context is published at (see `signetContextUrl`); served from memory. */
  readonly signetContextUrl?: string;
  readonly controllers?: readonly { readonly issuerId: string; readonly keys: readonly { kid: string; publicJwk: JWK }[] }[];
}

/**
 * A document loader that answers only from memory: the bundled contexts (Signet's own also at its
 * published URL), each issuer's controller
 * document (at the issuer URL) and each verification method (at `<issuer>#<kid>`, in the Multikey
 * form `@digitalbazaar/ed25519-multikey` expects). Any other URL throws {@link DocumentNotBundledError}
 * — reaching the network would let a credential's `@context` make the verifier fetch arbitrary URLs.
 */
export function createDocumentLoader(options: LoaderOptions = {}): DocumentLoader {
  const documents = new Map<string, unknown>(BUNDLED_CONTEXTS);
  if (options.signetContextUrl) documents.set(options.signetContextUrl, SIGNET_CONTEXT_DOCUMENT);
  for (const { issuerId, keys } of options.controllers ?? []) {
    const controller = buildControllerDocument(issuerId, keys);
    documents.set(issuerId, controller);
    for (const method of controller.verificationMethod) {
      documents.set(method.id, { '@context': MULTIKEY_CONTEXT_V1, ...method });
    }
  }
  return async (url: string) => {
    const document = documents.get(url);
    if (document === undefined) throw new DocumentNotBundledError(url);
    return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
  };
}
