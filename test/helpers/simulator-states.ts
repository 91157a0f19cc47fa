/**
 * Makes SBI simulator states (the device and FTM CAs and leaves: four RSA-2048 keys, ~0.7 s of CPU
 * each state) for the test key pool: scripts/compile-tests.mjs bundles this file and calls it once
 * per `npm test`, and ./key-pool.ts hands the states out (`seedSimulatorState`).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOrCreatePki } from "../../src/sbi/simulator/pki.js";
import { SIMULATOR_STATE_FILE } from "../../src/sbi/simulator/state-file.js";

/** `count` simulator states, each the text of a state file as the simulator writes it. */
export async function simulatorStates(count: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const dir = await mkdtemp(join(tmpdir(), "signet-sim-pool-"));
      try {
        await loadOrCreatePki(dir, Date.now());
        return await readFile(join(dir, SIMULATOR_STATE_FILE), "utf8");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }),
  );
}
