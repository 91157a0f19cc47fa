/**
 * A Signet whose core knows named callers (a callers file with hashed bearer tokens) and
 * refuses anonymous ones, as in production; and clients calling it as each of them.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type { DescService } from "@bufbuild/protobuf";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";

export const tokens = {
  gateway: "gateway-token-0123456789abcdef0123456789abcdef",
  kiosk: "kiosk-token-0123456789abcdef0123456789abcdefab",
  otherKiosk: "other-kiosk-token-0123456789abcdef0123456789",
  ops: "ops-admin-token-0123456789abcdef0123456789abcd",
  stranger: "stranger-token-0123456789abcdef0123456789abcd",
} as const;
export type Who = keyof typeof tokens | "anonymous" | "adminToken";

const sha = (t: string) => createHash("sha256").update(t).digest("hex");

/** Starts Signet with a callers file: a gateway, two kiosks bound to `boundClientId`, one bound elsewhere, an admin. */
export async function startWithCallers(boundClientId: string, overrides: Record<string, unknown> = {}): Promise<SignetUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), "signet-callers-"));
  const file = join(dir, "callers.json");
  writeFileSync(file, JSON.stringify({
    callers: [
      { id: "gateway", role: "gateway", tokenSha256: sha(tokens.gateway) },
      { id: "kiosk-1", role: "caller", clientIds: [boundClientId], tokenSha256: sha(tokens.kiosk) },
      { id: "kiosk-2", role: "caller", clientIds: [boundClientId], tokenSha256: sha(tokens.otherKiosk) },
      { id: "ops", role: "admin", tokenSha256: sha(tokens.ops) },
      { id: "kiosk-3", role: "caller", clientIds: ["another-rp"], tokenSha256: sha(tokens.stranger) },
    ],
  }));
  return startSignet({ overrides: { core: { callersFile: file, anonymous: "none" }, ...overrides } });
}

/** A Connect client over grpc-js calling as `who`. */
export function clientAs<T extends DescService>(signet: SignetUnderTest, service: T, who: Who): Client<T> {
  const token = who === "anonymous" ? undefined : who === "adminToken" ? signet.adminToken : tokens[who];
  const auth: Interceptor = (next) => (req) => {
    if (token) req.header.set("authorization", `Bearer ${token}`);
    return next(req);
  };
  return createClient(service, createGrpcTransport({ baseUrl: signet.coreUrl, interceptors: [auth] }));
}
