/**
 * The development TLS files' names and PEM reading: what the gateway and the TLS setup need on
 * every start. Generating them (src/tls/dev-certificates.ts, with @peculiar/x509) is loaded only
 * where development certificates are asked for.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The subject common name of the development gateway client certificate. */
export const DEV_GATEWAY_CN = "signet-gateway";

/** Where the development files are (PEM). */
export interface DevTlsFiles {
  readonly dir: string;
  readonly caFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
}

/** The development TLS file names under `<dataDir>/tls`. */
export function devTlsFiles(dataDir: string): DevTlsFiles {
  const dir = join(dataDir, "tls");
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    serverCertFile: join(dir, "server.pem"),
    serverKeyFile: join(dir, "server-key.pem"),
    clientCertFile: join(dir, "client.pem"),
    clientKeyFile: join(dir, "client-key.pem"),
  };
}

/** Reads a PEM file, naming the option that points at it when it cannot be read. */
export function readPem(file: string, option: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`${option}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
