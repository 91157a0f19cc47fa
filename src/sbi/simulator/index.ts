/**
 * SBI simulator (Node only, test use): a MockMDS-like device with fault injection.
 */
export { startSbiSimulator, type SbiSimulatorHandle, type SbiSimulatorOptions } from './server.js';
export { runSimulatorCli } from './cli.js';
export { isSbiFault, SBI_FAULTS, type SbiFault } from './faults.js';
