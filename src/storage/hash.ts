/**
 * SHA-256 of a secret, base64url without padding: the one hashing helper (src/crypto/hash.ts)
 * under the name the storage tests use. The store only ever sees these hashes.
 */
export { sha256 as sha256b64url } from '../crypto/hash.js';
