import { X509Certificate, createPrivateKey } from "node:crypto";
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "../core/logger.js";
import { readPem } from "./dev-tls-files.js";

type CaListener = (update: { caCertificate: Buffer } | null) => void;
type IdentityListener = (update: { certificate: Buffer; privateKey: Buffer } | null) => void;

/** The files a TLS server is configured with, and the options that named them (for errors). */
export interface ServerTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** CA bundle for client certificates: set means mutual TLS, a verified client certificate required. */
  readonly clientCaFile?: string;
}

/** Server credentials whose certificates can be replaced while the server runs. */
export interface ServerTls {
  readonly credentials: grpc.ServerCredentials;
  /** True when a client certificate is required. */
  readonly mutual: boolean;
  /** Re-reads the files; on a bad file keeps serving the previous certificates and rethrows. */
  reload(): void;
  /** Stops watching the files. */
  close(): void;
}

/** Parses the material so a typo fails at start (or reload) with the file named, not at the first handshake. */
function load(files: ServerTlsFiles) {
  const certificate = readPem(files.certFile, "SIGNET_CORE_TLS_CERT");
  const privateKey = readPem(files.keyFile, "SIGNET_CORE_TLS_KEY");
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(certificate);
  } catch (err) {
    throw new Error(`SIGNET_CORE_TLS_CERT: ${files.certFile} is not a PEM certificate (${(err as Error).message})`);
  }
  try {
    if (!leaf.checkPrivateKey(createPrivateKey(privateKey))) throw new Error("it does not match the certificate");
  } catch (err) {
    throw new Error(`SIGNET_CORE_TLS_KEY: ${files.keyFile} is not the certificate's private key (${(err as Error).message})`);
  }
  const ca = files.clientCaFile ? readPem(files.clientCaFile, "SIGNET_CORE_TLS_CLIENT_CA") : undefined;
  if (ca) {
    try {
      new X509Certificate(ca);
    } catch (err) {
      throw new Error(`SIGNET_CORE_TLS_CLIENT_CA: ${files.clientCaFile} is not a PEM certificate bundle (${(err as Error).message})`);
    }
  }
  return { certificate, privateKey, ca, notAfter: leaf.validTo, subject: leaf.subject.replace(/\n/g, ", ") };
}

/**
 * TLS (and, with a client CA bundle, mutual TLS) for the gRPC core, through grpc-js's
 * certificate-provider credentials so new certificates apply to new connections without a
 * restart: `reload()` (wired to SIGHUP) re-reads the files, and so does a change to them
 * (their directories are watched, which also sees the rename a certificate manager does).
 */
export function createServerTls(files: ServerTlsFiles, logger: Logger, opts: { readonly watch?: boolean } = {}): ServerTls {
  let current = load(files);
  const caListeners = new Set<CaListener>();
  const identityListeners = new Set<IdentityListener>();
  const publish = () => {
    for (const l of identityListeners) l({ certificate: current.certificate, privateKey: current.privateKey });
    if (current.ca) for (const l of caListeners) l({ caCertificate: current.ca });
  };
  // Listeners are called on a later tick: grpc-js subscribes before it registers the
  // watcher that applies an update, so a synchronous first update would be lost.
  const provider = {
    addCaCertificateListener(l: CaListener) {
      caListeners.add(l);
      queueMicrotask(() => current.ca && caListeners.has(l) && l({ caCertificate: current.ca }));
    },
    removeCaCertificateListener: (l: CaListener) => void caListeners.delete(l),
    addIdentityCertificateListener(l: IdentityListener) {
      identityListeners.add(l);
      queueMicrotask(() => identityListeners.has(l) && l({ certificate: current.certificate, privateKey: current.privateKey }));
    },
    removeIdentityCertificateListener: (l: IdentityListener) => void identityListeners.delete(l),
  };
  // grpc-js passes its first argument on as the identity provider and its second as the
  // CA provider (null: no client certificates requested).
  const credentials = grpc.experimental.createCertificateProviderServerCredentials(provider, files.clientCaFile ? provider : (null as never), Boolean(files.clientCaFile));
  const reload = () => {
    const next = load(files);
    current = next;
    publish();
    logger.info("tls certificates reloaded", { subject: next.subject, not_after: next.notAfter });
  };

  const watchers: FSWatcher[] = [];
  if (opts.watch !== false) {
    const names = new Map<string, Set<string>>();
    for (const f of [files.certFile, files.keyFile, files.clientCaFile].filter((f): f is string => Boolean(f))) {
      const set = names.get(dirname(f)) ?? new Set<string>();
      set.add(basename(f));
      names.set(dirname(f), set);
    }
    let pending: NodeJS.Timeout | undefined;
    for (const [dir, set] of names) {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        if (name && !set.has(name.toString())) return;
        // A certificate and its key are usually replaced one after the other: reload once both are in place.
        clearTimeout(pending);
        pending = setTimeout(() => {
          try {
            reload();
          } catch (err) {
            logger.error("tls certificates not reloaded; still serving the previous ones", { cause: (err as Error).message });
          }
        }, 250);
        pending.unref();
      });
      w.on("error", (err) => logger.warn("cannot watch tls files; reload with SIGHUP", { dir, cause: err.message }));
      watchers.push(w);
    }
  }
  return {
    credentials,
    mutual: Boolean(files.clientCaFile),
    reload,
    close: () => watchers.forEach((w) => w.close()),
  };
}
