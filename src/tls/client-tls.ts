import type { SecureClientSessionOptions } from "node:http2";
import * as grpc from "@grpc/grpc-js";
import { readPem } from "./dev-tls-files.js";

/**
 * How a Signet process reaches a TLS gRPC server (the gateway → the core, the core → a
 * remote identity system): the CA bundle that verifies the server, and for mutual TLS the
 * client certificate and key. Each file is paired with the option that names it, so an
 * error says what to fix.
 */
export interface ClientTlsFiles {
  readonly caFile?: { readonly file: string; readonly option: string };
  readonly certFile?: { readonly file: string; readonly option: string };
  readonly keyFile?: { readonly file: string; readonly option: string };
}

/** The PEM material read from {@link ClientTlsFiles}. */
export interface ClientTlsMaterial {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

/** Reads the files; a certificate without its key (or the reverse) is refused, naming both options. */
export function readClientTls(files: ClientTlsFiles): ClientTlsMaterial {
  if (Boolean(files.certFile) !== Boolean(files.keyFile)) {
    const [has, lacks] = files.certFile ? [files.certFile.option, "its key"] : [files.keyFile!.option, "its certificate"];
    throw new Error(`${has} is set without ${lacks}: a client certificate needs both`);
  }
  return {
    ca: files.caFile && readPem(files.caFile.file, files.caFile.option),
    cert: files.certFile && readPem(files.certFile.file, files.certFile.option),
    key: files.keyFile && readPem(files.keyFile.file, files.keyFile.option),
  };
}

/** Options for Node's http2 client (connect-node's gRPC transport `nodeOptions`). */
export function http2TlsOptions(m: ClientTlsMaterial): SecureClientSessionOptions {
  return { ...(m.ca ? { ca: m.ca } : {}), ...(m.cert ? { cert: m.cert, key: m.key } : {}) };
}

/** grpc-js channel credentials (for a grpc-js client). */
export function grpcChannelCredentials(m: ClientTlsMaterial): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(m.ca ?? null, m.key ?? null, m.cert ?? null);
}
