/**
 * The server side of `npm run bench:hostile`: a whole embedded Signet (gRPC core and HTTP gateway in
 * this one process, sqlite) with one registered client. It prints what the driver needs as one JSON
 * line and runs until SIGTERM; the driver reads this process's CPU time from /proc.
 */
import { exportJWK } from "jose";
import { startSignet } from "../helpers/signet.js";

const signet = await startSignet();
const rp = await signet.registerClient({
  acrValues: ["mosip:idp:acr:generated-code", "mosip:idp:acr:static-code", "mosip:idp:acr:biometrics"],
});
process.stdout.write(`${JSON.stringify({
  issuer: signet.issuer, coreUrl: signet.coreUrl, clientId: rp.clientId, redirectUri: rp.redirectUri,
  privateJwk: await exportJWK(rp.privateKey), alg: rp.alg,
})}\n`);
process.once("SIGTERM", () => {
  signet.stop().finally(() => process.exit(0));
});
