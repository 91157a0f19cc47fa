/**
 * The cryptography one full login cannot avoid, timed alone on the server's core: verify the
 * client's ES256 assertion, sign the ID token and the access token (ES256), sign the userinfo
 * response at /userinfo (the access token presented there is admitted by the record its hash
 * finds, one of the hashes below, not by a second signature check), plus the hashes and HMACs
 * (code, token and CSRF hashes, PKCE, pairwise sub, cookie binding). Its sum is the floor under
 * server CPU per flow. Prints one JSON line.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { compactVerify, generateKeyPair, SignJWT } from "jose";

const server = await generateKeyPair("ES256");
const client = await generateKeyPair("ES256");
const hmacKey = randomBytes(32);
const now = Math.floor(Date.now() / 1000);
const assertion = await new SignJWT({ iss: "rp", sub: "rp", aud: "https://id/token", jti: "x", iat: now, exp: now + 60 })
  .setProtectedHeader({ alg: "ES256" })
  .sign(client.privateKey);

async function oneLogin(): Promise<void> {
  await compactVerify(assertion, client.publicKey);
  const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: "k" }).sign(server.privateKey);
  await sign({ iss: "https://id", sub: "s", aud: "rp", iat: now, exp: now + 3600, nonce: "n", name: "A", email: "a@b" });
  await sign({ iss: "https://id", sub: "s", aud: "https://id/userinfo", client_id: "rp", iat: now, exp: now + 3600, jti: "j" });
  await sign({ iss: "https://id", sub: "s", aud: "rp", name: "A", email: "a@b", birthdate: "1990-01-01" });
  for (let i = 0; i < 10; i++) createHash("sha256").update(randomBytes(32)).digest("base64url");
  for (let i = 0; i < 4; i++) createHmac("sha256", hmacKey).update(randomBytes(32)).digest("base64url");
}

for (let i = 0; i < 300; i++) await oneLogin();
const runs: number[] = [];
for (let r = 0; r < 5; r++) {
  const n = 500;
  const t = process.cpuUsage();
  for (let i = 0; i < n; i++) await oneLogin();
  const used = process.cpuUsage(t);
  runs.push((used.user + used.system) / 1000 / n);
}
runs.sort((a, b) => a - b);
console.log(JSON.stringify({ cryptoMsPerLogin: runs[2] }));
