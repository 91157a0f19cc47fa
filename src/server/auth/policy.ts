import type { Interceptor } from "@connectrpc/connect";
import { signetError } from "../../core/errors/index.js";
import { principalKey, type Role } from "../../core/principal.js";

/** Who may call one RPC. */
export type RpcRule =
  | { readonly open: true }
  | {
      readonly roles: readonly Role[];
      /** For a direct caller: the client id the request acts for, when the message names it. */
      readonly clientId?: (message: unknown) => string | undefined;
    };

const flow: RpcRule = { roles: ["gateway", "caller"] };
const metadata: RpcRule = { roles: ["gateway", "caller", "admin"] };
const admin: RpcRule = { roles: ["admin"] };

/**
 * The per-RPC policy, one entry per RPC of the contract (a test walks the service
 * descriptors and fails on an RPC without one; the interceptor refuses it). Direct callers
 * are bound to client ids: here when the request names its client (Authorize), in the
 * handler once the client is established (ExchangeToken, GetUserInfo, IssueCredential),
 * and through the transaction's owner for the steps of a login.
 */
export const rpcPolicy: Readonly<Record<string, RpcRule>> = {
  "signet.v1.IdentityService/Authorize": { roles: ["gateway", "caller"], clientId: (m) => (m as { clientId?: string }).clientId },
  "signet.v1.IdentityService/GetTransaction": flow,
  "signet.v1.IdentityService/SendOtp": flow,
  "signet.v1.IdentityService/Authenticate": flow,
  "signet.v1.IdentityService/IssueCode": flow,
  "signet.v1.IdentityService/DenyAuthorization": flow,
  "signet.v1.IdentityService/ExchangeToken": flow,
  "signet.v1.IdentityService/GetUserInfo": flow,
  "signet.v1.IdentityService/CreateCredentialNonce": flow,
  "signet.v1.IdentityService/IssueCredential": flow,
  "signet.v1.IdentityService/GetDiscovery": metadata,
  "signet.v1.IdentityService/GetJwks": metadata,
  "signet.v1.AdminService/CreateClient": admin,
  "signet.v1.AdminService/UpdateClient": admin,
  "signet.v1.AdminService/GetClient": admin,
  "signet.v1.AdminService/ListClients": admin,
  "signet.v1.AdminService/SetClientStatus": admin,
  "signet.v1.AdminService/ListSigningKeys": admin,
  "signet.v1.AdminService/RotateSigningKey": admin,
  "signet.v1.AdminService/UnlockIndividual": admin,
  "grpc.health.v1.Health/Check": { open: true },
  "grpc.health.v1.Health/Watch": { open: true },
};

/** True for an RPC anyone may call (health). */
export function isOpen(rpc: string): boolean {
  const rule = rpcPolicy[rpc];
  return rule !== undefined && "open" in rule;
}

/**
 * Enforces {@link rpcPolicy} before any handler: an RPC without a policy is refused; an
 * anonymous caller the RPC is not open to is UNAUTHENTICATED (it may present a credential);
 * an identified one whose roles (or bound client ids) do not allow it is PERMISSION_DENIED —
 * each naming the RPC.
 */
export function policyInterceptor(policy: Readonly<Record<string, RpcRule>> = rpcPolicy): Interceptor {
  return (next) => async (req) => {
    const rpc = `${req.service.typeName}/${req.method.name}`;
    const rule = policy[rpc];
    if (!rule) throw signetError("permission_denied", `${req.method.name}: no policy allows this RPC`);
    if ("open" in rule) return next(req);
    const p = req.contextValues.get(principalKey);
    if (!p || p.roles.size === 0 || (p.via === "anonymous" && !rule.roles.some((r) => p.roles.has(r)))) {
      throw signetError("unauthenticated", `${req.method.name}: needs a caller identity (a client certificate or a bearer credential)`);
    }
    if (!rule.roles.some((r) => p.roles.has(r))) {
      throw signetError("permission_denied", `${req.method.name}: caller ${p.id} (${[...p.roles].join(", ")}) may not call it`);
    }
    if (rule.clientId && !req.stream && !p.roles.has("gateway") && p.roles.has("caller")) {
      const clientId = rule.clientId(req.message);
      if (clientId && !p.clientIds.has(clientId)) {
        throw signetError("permission_denied", `${req.method.name}: caller ${p.id} is not bound to client ${clientId}`);
      }
    }
    return next(req);
  };
}
