import type { PeerCertificate } from "node:tls";
import { createContextKey, type Interceptor } from "@connectrpc/connect";
import { signetError } from "../../core/errors/index.js";
import { principalKey, type Principal } from "../../core/principal.js";
import type { CallerDirectory } from "./callers.js";
import { isOpen } from "./policy.js";

/** The verified client certificate of a network call (set by the grpc-js adapter under mutual TLS). */
export const peerCertificateKey = createContextKey<PeerCertificate | undefined>(undefined, { description: "tls peer certificate" });

/** Options of {@link authenticateInterceptor}. */
export interface AuthenticateOptions {
  readonly callers: CallerDirectory;
  /** What a caller with neither certificate nor credential is: no role (health only), or a gateway (development). */
  readonly anonymousIsGateway: boolean;
}

/**
 * Establishes the call's principal before any policy or handler runs:
 * 1. a bearer credential (`authorization: Bearer …`), when presented, names the caller — an
 *    unknown one is UNAUTHENTICATED;
 * 2. else the in-process transport's principal (the embedded gateway);
 * 3. else the mutual-TLS client certificate — one no caller is configured with is UNAUTHENTICATED;
 * 4. else the anonymous principal.
 * Open RPCs (health) never fail here.
 */
export function authenticateInterceptor(opts: AuthenticateOptions): Interceptor {
  const anonymous: Principal = { id: "anonymous", roles: new Set(opts.anonymousIsGateway ? ["gateway"] : []), clientIds: new Set(), via: "anonymous" };
  return (next) => async (req) => {
    const rpc = `${req.service.typeName}/${req.method.name}`;
    const open = isOpen(rpc);
    const refuse = (why: string) => {
      if (open) return anonymous;
      throw signetError("unauthenticated", `${req.method.name}: ${why}`);
    };
    let principal: Principal;
    const authorization = req.header.get("authorization");
    const cert = req.contextValues.get(peerCertificateKey);
    const inProcess = req.contextValues.get(principalKey);
    if (authorization !== null) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      principal = (token && opts.callers.byToken(token)) || refuse("the bearer credential is missing or not recognised (authorization: Bearer <token>)");
    } else if (inProcess) {
      principal = inProcess;
    } else if (cert) {
      principal = opts.callers.byCertificate(cert) ?? refuse(`the client certificate (${String(cert.subject?.CN ?? "no CN")}) is not a configured caller`);
    } else {
      principal = anonymous;
    }
    req.contextValues.set(principalKey, principal);
    return next(req);
  };
}
