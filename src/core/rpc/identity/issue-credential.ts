import type { MethodImpl } from "@connectrpc/connect";
import type { IdentityService } from "../../../gen/signet/v1/identity_pb.js";
import { IssuanceError, issueCredential as issueVc, validateJwtProof, type ValidProof } from "../../../vc/index.js";
import { signetError } from "../../errors/index.js";
import { assertActsFor } from "../../principal.js";
import { verifyAccessToken } from "../../flow/access-token.js";
import type { FlowDeps } from "../../flow/deps.js";
import { fromIdentityError } from "../../flow/identity-errors.js";
import { hashSecret } from "../../secrets.js";
import { issueCNonce } from "../../vci/c-nonce.js";
import { BATCH_SIZE, type CredentialIssuer } from "../../vci/credential-issuer.js";
import { selectConfiguration } from "../../vci/select-configuration.js";

/**
 * IdentityService.IssueCredential (OpenID4VCI 1.0 §8): the access token must be for the
 * credential issuer and allow the configuration; every `jwt` proof is checked (Appendix
 * F.1) and its `nonce` consumed atomically; claims are fetched from the identity system
 * now and the credential is bound to each proven holder key.
 */
export function issueCredential(deps: FlowDeps<"issuedTokens" | "nonces">, vci: CredentialIssuer): MethodImpl<typeof IdentityService.method.issueCredential> {
  return async (req, ctx) => {
    const { claims: at, record } = await verifyAccessToken(deps, req.accessToken, deps.endpoints.issuer);
    // As at userinfo: a deactivated client's outstanding tokens stop working at once.
    assertActsFor(ctx, record.clientId);
    const client = await deps.clients.get(record.clientId);
    if (!client || client.status !== "ACTIVE") throw signetError("invalid_token", "the access token is not valid: client inactive");
    const selected = selectConfiguration(req, vci.configurations, record.data.credentialConfigurationIds);
    if (!selected.ok) throw selected.error;
    const configuration = selected.configuration;
    // OpenID4VCI 1.0 §8.2: `credential_identifier` when the token response carried
    // authorization_details, `credential_configuration_id` otherwise — never the other one.
    const identifiers = record.data.credentialIdentifiers ?? [];
    if (identifiers.length > 0 && req.credentialConfigurationId) {
      throw signetError("invalid_credential_request", "credential_configuration_id: the token response carried authorization_details, so name the credential with credential_identifier (OpenID4VCI 1.0 §8.2)", { field: "credential_configuration_id" });
    }
    if (identifiers.length === 0 && req.credentialIdentifier) {
      throw signetError("invalid_credential_request", "credential_identifier: only valid when the token response carried authorization_details; send credential_configuration_id (OpenID4VCI 1.0 §8.2)", { field: "credential_identifier" });
    }

    if (req.proofs.length === 0) throw signetError("invalid_proof", "proofs: a jwt key proof is required (OpenID4VCI 1.0 §8.2)", { field: "proofs" });
    if (req.proofs.length > BATCH_SIZE) throw signetError("invalid_credential_request", `proofs: at most ${BATCH_SIZE} per request (batch_size)`, { field: "proofs" });
    const now = deps.clock();
    const proven: ValidProof[] = [];
    for (const proof of req.proofs) {
      if (proof.proofType !== "jwt") throw signetError("invalid_proof", `proof_type ${proof.proofType} is not supported (jwt only)`, { field: "proofs" });
      const result = await validateJwtProof(proof.jwt, {
        credentialIssuer: deps.endpoints.issuer,
        clientId: typeof at.client_id === "string" ? at.client_id : null,
        allowedAlgs: configuration.proofTypes.jwt.signingAlgs,
        bindingMethods: configuration.bindingMethods,
        now,
      });
      if (!result.ok) {
        if (result.error === "invalid_nonce") throw signetError("invalid_nonce", result.description, { cNonce: await issueCNonce(deps) });
        throw signetError("invalid_proof", result.description, { field: "proofs" });
      }
      proven.push(result);
    }
    // The identity system is asked and the credentials signed before the unit of work, so the
    // store is never held across a call out (sqlite has one connection). Nothing issued leaves
    // before its nonces are consumed, and a failure before that consumes none: the wallet may
    // retry with the same proofs.
    let attributes: Record<string, unknown>;
    try {
      attributes = await deps.identity.kycExchange({
        kycToken: deps.secrets.unseal("kyc_token", record.data.kycTokenSealed),
        claims: [...new Set(Object.values(configuration.claims).map((m) => m.attribute))],
        claimsLocales: [...record.data.claimsLocales],
        clientId: record.clientId,
        relyingPartyId: client.relyingPartyId || client.clientId,
      });
    } catch (err) {
      return fromIdentityError(err);
    }
    const issuer = await vci.issuer(now);
    const credentials = [];
    for (const p of proven) {
      try {
        const issued = await issueVc({ configuration, claims: attributes, holder: { jwk: p.holderJwk, did: p.holderDid }, issuer, now });
        credentials.push(
          issued.format === "ldp_vc"
            ? { format: issued.format, credential: { case: "json" as const, value: issued.credential as never } }
            : { format: issued.format, credential: { case: "compact" as const, value: issued.credential } },
        );
      } catch (err) {
        if (err instanceof IssuanceError) throw signetError("credential_request_denied", `the credential cannot be issued: ${err.message}`);
        throw err;
      }
    }
    // One unit of work: every distinct nonce consumed once (of racing requests one wins) and the
    // next c_nonce stored, or none of it — a refused nonce rolls back those consumed before it.
    const refused = new Error("nonce refused");
    let next: { value: string; expiresIn: number };
    try {
      next = await deps.storage.withTransaction(async (store) => {
        for (const nonce of new Set(proven.map((p) => p.nonce))) {
          if (!(await store.nonces.consume(hashSecret(nonce), deps.clock()))) throw refused;
        }
        return issueCNonce(deps, store);
      });
    } catch (err) {
      if (err !== refused) throw err;
      // After the rollback, so the fresh c_nonce offered is kept.
      throw signetError("invalid_nonce", "the proof's nonce is unknown, expired or already used; use the c_nonce offered", { cNonce: await issueCNonce(deps) });
    }
    deps.logger.info("credential.issued", { client_id: record.clientId, configuration: configuration.id, count: credentials.length });
    return { credentials, cNonce: next.value, cNonceExpiresIn: BigInt(next.expiresIn) };
  };
}
