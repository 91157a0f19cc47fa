/**
 * The few parts of node-oidc-provider 9 (which ships no type declarations) that the bench's
 * peer server uses.
 */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  interface Interaction {
    uid: string;
    prompt: { name: string; details: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId: string };
    grantId?: string;
  }
  interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
  }
  interface GrantStatic {
    new (init: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown> & {
      pairwiseIdentifier?: (ctx: unknown, accountId: string, client: { sectorIdentifier: string }) => string;
      findAccount?: (ctx: unknown, sub: string) => unknown;
      interactions?: { url: (ctx: unknown, interaction: { uid: string }) => string };
    });
    Grant: GrantStatic;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  }
}
