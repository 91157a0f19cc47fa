/**
 * Serves the bench's peer, node-oidc-provider configured as close to Signet as it allows
 * (lib/peer.ts), as a process of its own for the bench to pin and measure.
 *
 * Usage: peer-server.ts <fixture.json> <port> — prints {"ready":true,"issuer":…} once it listens.
 */
import { readFixture } from "./lib/fixture.js";
import { startPeer } from "./lib/peer.js";

const [fixtureFile, portArg] = process.argv.slice(2);
const peer = await startPeer(readFixture(fixtureFile!), Number(portArg));
console.log(JSON.stringify({ ready: true, issuer: peer.issuer }));
process.on("SIGTERM", () => void peer.close().then(() => process.exit(0)));
