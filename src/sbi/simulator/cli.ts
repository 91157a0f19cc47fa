/**
 * `signet sbi-sim`: runs the simulator in the foreground (reference sbi.md §11).
 *
 * Usage: signet sbi-sim --encryption-cert <pem> [--state-dir <dir>] [--port <n> | --port-range 4501-4600]
 *        [--subject <seed>] [--bio-type Finger|Iris|Face] [--status Ready|Busy|"Not Ready"|"Not Registered"]
 *        [--env Developer] [--fault <name>] [--delay-ms <n>]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEVICE_STATUS, isBioType, SBI_ENVS, type DeviceStatus, type SbiEnv } from '../constants.js';
import { resolvePortRange } from '../client/options.js';
import { isSbiFault, SBI_FAULTS } from './faults.js';
import { startSbiSimulator, type SbiSimulatorHandle } from './server.js';

const USAGE = `usage: signet sbi-sim --encryption-cert <pem> [--state-dir <dir>] [--port <n> | --port-range 4501-4600]
  [--subject <seed>] [--bio-type Finger|Iris|Face] [--status <status>] [--env <env>] [--fault <name>] [--delay-ms <n>]
faults: ${SBI_FAULTS.join(', ')}`;

/** Thrown for `--help`: the caller prints the message and exits 0. */
export class SimulatorUsage extends Error {}

/**
 * Parses `argv` (without the command name), starts the simulator, writes the DEVICE and FTM trust
 * anchors to `<state-dir>/device-ca.pem` and `ftm-ca.pem`, prints where it listens, and returns the
 * handle (the process keeps running until the handle is closed or the process is signalled).
 */
export async function runSimulatorCli(argv: readonly string[], out: (line: string) => void = console.log): Promise<SbiSimulatorHandle> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'encryption-cert': { type: 'string' }, 'state-dir': { type: 'string' }, port: { type: 'string' },
      'port-range': { type: 'string' }, subject: { type: 'string' }, 'bio-type': { type: 'string' },
      status: { type: 'string' }, env: { type: 'string' }, fault: { type: 'string' }, 'delay-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) throw new SimulatorUsage(USAGE);
  const certPath = values['encryption-cert'];
  const bioType = values['bio-type'] ?? 'Finger';
  const status = values.status ?? DEVICE_STATUS.ready;
  const env = values.env ?? 'Developer';
  if (!certPath) throw new Error(`--encryption-cert is required\n${USAGE}`);
  if (!isBioType(bioType)) throw new Error(`unknown --bio-type\n${USAGE}`);
  if (!(Object.values(DEVICE_STATUS) as string[]).includes(status)) throw new Error(`unknown --status\n${USAGE}`);
  if (!(SBI_ENVS as readonly string[]).includes(env)) throw new Error(`unknown --env\n${USAGE}`);
  if (values.fault !== undefined && !isSbiFault(values.fault)) throw new Error(`unknown --fault\n${USAGE}`);
  const stateDir = values['state-dir'] ?? join(process.cwd(), '.signet', 'sbi-sim');
  const handle = await startSbiSimulator({
    stateDir,
    encryptionCertificatePem: await readFile(certPath, 'utf8'),
    bioType, status: status as DeviceStatus, env: env as SbiEnv,
    ...(values.port ? { port: Number(values.port) } : { portRange: resolvePortRange(values['port-range']) }),
    ...(values.subject ? { subject: values.subject } : {}),
    ...(values.fault && isSbiFault(values.fault) ? { fault: values.fault } : {}),
    ...(values['delay-ms'] ? { captureDelayMs: Number(values['delay-ms']) } : {}),
  });
  await writeFile(join(stateDir, 'device-ca.pem'), handle.deviceCaPem);
  await writeFile(join(stateDir, 'ftm-ca.pem'), handle.ftmCaPem);
  out(`SBI simulator (TEST ONLY, not a real device) listening on ${handle.url}`);
  out(`trust anchors: ${join(stateDir, 'device-ca.pem')} (DEVICE), ${join(stateDir, 'ftm-ca.pem')} (FTM)`);
  out(`control: POST ${handle.url}/signet-sim/{subject,status,fault,delay}`);
  return handle;
}
