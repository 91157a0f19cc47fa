/** Signing keys: generation, encryption at rest, rotation and JWKS (see key-manager.ts). */
export { createKeyManager, KeyManager } from './key-manager.js';
export type { ActiveSigningKey, KeyInfo, KeyManagerConfig, PublicJwk } from './key-manager.js';
export { purposeAlgorithms } from './algorithms.js';
export type { KeyPurpose, RsaModulusLength, SigningAlg } from './algorithms.js';
export { defaultKekFile, loadKeyEncryptionKey } from './kek.js';
export type { KekConfig, KeyLogger } from './kek.js';
export { KeyDecryptionError } from './key-encryption.js';
export type { KeyState } from './key-state.js';
