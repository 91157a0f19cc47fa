/**
 * Ambient declarations for the untyped Digital Bazaar packages, covering only what Signet calls.
 */

declare module '@digitalbazaar/ed25519-multikey' {
  /** A Multikey key pair (public part at least). */
  export interface Ed25519MultikeyKeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    verifier(): { algorithm: string; id?: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
  }
  export function fromJwk(options: { jwk: object; secretKey?: boolean; id?: string; controller?: string }): Promise<Ed25519MultikeyKeyPair>;
  export function from(key: object): Promise<Ed25519MultikeyKeyPair>;
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string; requiredAlgorithm: string };
}

declare module '@digitalbazaar/data-integrity' {
  /** Signer interface a Data Integrity suite calls. */
  export interface DataIntegritySigner {
    id: string;
    algorithm: string;
    sign(input: { data: Uint8Array }): Promise<Uint8Array>;
  }
  export class DataIntegrityProof {
    constructor(options: { signer?: DataIntegritySigner; date?: Date | string | number | null; cryptosuite: object });
  }
}

declare module '@digitalbazaar/vc' {
  /** A JSON-LD document loader: URL → document, throwing for unknown URLs. */
  export type DocumentLoader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;
  export function issue(options: {
    credential: object; suite: object; documentLoader: DocumentLoader; now?: Date | string; purpose?: object;
  }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: object; suite: object | object[]; documentLoader: DocumentLoader; now?: Date | string;
  }): Promise<{ verified: boolean; error?: unknown; results?: unknown[] }>;
}
