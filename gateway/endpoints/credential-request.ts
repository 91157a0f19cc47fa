import type { JsonObject } from '@bufbuild/protobuf';
import type { CredentialProof, IssueCredentialRequest } from '../../src/gen/signet/v1/identity_pb.js';

type RequestInit = Omit<IssueCredentialRequest, '$typeName' | 'accessToken' | 'proofs' | 'credentialDefinition'> & {
  proofs: Omit<CredentialProof, '$typeName'>[];
  credentialDefinition?: JsonObject;
};

/** A credential request body mapped onto the contract, with its wire version. */
export type ParsedCredentialRequest =
  | { ok: true; draft13: boolean; request: RequestInit }
  | { ok: false; description: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Maps a credential request body onto IssueCredentialRequest. Two shapes:
 *
 * - OpenID4VCI 1.0 §8.2: `credential_configuration_id` or
 *   `credential_identifier`, key proofs as `proofs: {jwt: [...]}`.
 * - Draft 13 §7.2: `format` with `credential_definition` or `vct`, and a single
 *   `proof: {proof_type, jwt}`.
 *
 * The gateway checks only the JSON shape; the core validates the meaning.
 */
export function parseCredentialRequest(body: unknown): ParsedCredentialRequest {
  if (!isObject(body)) return { ok: false, description: 'the request body must be a JSON object' };
  const draft13 = 'format' in body || 'proof' in body;
  if ('proof' in body && 'proofs' in body) {
    return { ok: false, description: 'proof and proofs must not both be present' };
  }
  const proofs: Omit<CredentialProof, '$typeName'>[] = [];
  if ('proof' in body) {
    const proof = body['proof'];
    if (!isObject(proof) || typeof proof['proof_type'] !== 'string') {
      return { ok: false, description: 'proof must be an object with proof_type' };
    }
    proofs.push({ proofType: proof['proof_type'], jwt: typeof proof['jwt'] === 'string' ? proof['jwt'] : '' });
  } else if ('proofs' in body) {
    const all = body['proofs'];
    if (!isObject(all)) return { ok: false, description: 'proofs must be an object keyed by proof type' };
    for (const [proofType, list] of Object.entries(all)) {
      if (!Array.isArray(list) || list.some((j) => typeof j !== 'string')) {
        return { ok: false, description: `proofs.${proofType} must be an array of strings` };
      }
      for (const jwt of list as string[]) proofs.push({ proofType, jwt });
    }
  }
  const definition = body['credential_definition'];
  if (definition !== undefined && !isObject(definition)) {
    return { ok: false, description: 'credential_definition must be an object' };
  }
  return {
    ok: true,
    draft13,
    request: {
      credentialConfigurationId: str(body, 'credential_configuration_id') ?? '',
      credentialIdentifier: str(body, 'credential_identifier') ?? '',
      format: str(body, 'format') ?? '',
      vct: str(body, 'vct') ?? '',
      proofs,
      ...(definition ? { credentialDefinition: definition as JsonObject } : {}),
    },
  };
}
