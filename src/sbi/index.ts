/**
 * Signet SBI module, Node side: everything in the browser-safe client plus the capture verifier,
 * the synthetic ISO 19794 records (enrolment and matching) and the simulator.
 * Browser code imports `src/sbi/client/index.ts` instead.
 */
export * from './client/index.js';
export * from './verifier/index.js';
export * from './iso/index.js';
export * from './simulator/index.js';
export { deriveIvAndAad, encryptBioValue, type EncryptedBio } from './crypto/bio-crypto.js';
export { hashChain } from './crypto/hash-chain.js';
export { certificateThumbprint } from './crypto/thumbprint.js';
