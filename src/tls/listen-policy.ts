import { isIP } from "node:net";

/** True for an address only this machine can reach: 127.0.0.0/8, ::1, localhost, or a Unix socket. */
export function isLocalOnly(host: string): boolean {
  if (host.startsWith("unix:")) return true;
  if (host === "localhost") return true;
  const bare = host.replace(/^\[|\]$/g, "");
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return bare === "::1";
}

/**
 * Refuses a production core that would serve plaintext gRPC beyond this machine: PINs,
 * OTPs, authorization codes, tokens and the admin token would cross the network in clear.
 */
export function assertListenAllowed(opts: { readonly production: boolean; readonly host: string; readonly tls: boolean }): void {
  if (!opts.production || opts.tls || isLocalOnly(opts.host)) return;
  throw new Error(
    `the core would serve plaintext gRPC on ${opts.host} under NODE_ENV=production: PINs, OTPs, codes and tokens would cross the network in clear. ` +
      "Set SIGNET_CORE_TLS_CERT and SIGNET_CORE_TLS_KEY (and SIGNET_CORE_TLS_CLIENT_CA for mutual TLS), or listen on loopback or a Unix socket (SIGNET_CORE_HOST=unix:/path)",
  );
}

/** The grpc-js bind address for a host and port (`unix:/path` is used as is). */
export function bindAddress(host: string, port: number): string {
  if (host.startsWith("unix:")) return host;
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
