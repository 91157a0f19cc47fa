/**
 * Connect clients over real gRPC for the foundation tests, a valid CreateClient
 * message builder, and a flow that makes the core sign an ID token.
 */
import type { SecureClientSessionOptions } from "node:http2";
import { createClient, ConnectError, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";
import { AdminService, UserinfoResponseType, type Client as ClientMessage, type ClientSchema } from "../../src/gen/signet/v1/admin_pb.js";
import { ErrorDetailSchema, type ErrorDetail } from "../../src/gen/signet/v1/error_pb.js";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { Health } from "../../src/gen/grpc/health/v1/health_pb.js";
import { clientAssertion } from "../helpers/assertion.js";
import { pkcePair } from "../helpers/pkce.js";

export type AdminClient = Client<typeof AdminService>;

/** AdminService over gRPC; with `token`, every call carries `authorization: Bearer <token>`. */
export function adminClient(coreUrl: string, token?: string, nodeOptions?: SecureClientSessionOptions): AdminClient {
  const withToken: Interceptor = (next) => (req) => {
    if (token !== undefined) req.header.set("authorization", `Bearer ${token}`);
    return next(req);
  };
  return createClient(AdminService, createGrpcTransport({ baseUrl: coreUrl, nodeOptions, interceptors: [withToken] }));
}

/** IdentityService over gRPC; `nodeOptions` carries the CA and client certificate for an https core. */
export function identityClient(coreUrl: string, nodeOptions?: SecureClientSessionOptions): Client<typeof IdentityService> {
  return createClient(IdentityService, createGrpcTransport({ baseUrl: coreUrl, nodeOptions }));
}

export function healthClient(coreUrl: string): Client<typeof Health> {
  return createClient(Health, createGrpcTransport({ baseUrl: coreUrl }));
}

/** Awaits a call expected to fail; returns the ConnectError and its signet.v1.ErrorDetail. */
export async function refusal(call: Promise<unknown>): Promise<{ err: ConnectError; detail: ErrorDetail | undefined }> {
  try {
    await call;
  } catch (e) {
    const err = ConnectError.from(e);
    return { err, detail: err.findDetails(ErrorDetailSchema)[0] };
  }
  throw new Error("the call succeeded; a refusal was expected");
}

let seq = 0;

/** A fresh client id unique to this test process. */
export function newClientId(prefix = "fnd"): string {
  return `${prefix}-${process.pid}-${++seq}`;
}

export interface NewRp {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly client: MessageInitShape<typeof ClientSchema>;
}

/** A valid client registration (ES256 key) with optional field overrides. */
export async function newRp(overrides: Partial<Omit<ClientMessage, "$typeName">> = {}): Promise<NewRp> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const clientId = overrides.clientId ?? newClientId();
  const redirectUri = "https://rp.example.org/callback";
  const client: MessageInitShape<typeof ClientSchema> = {
    clientId,
    name: `Foundation RP ${clientId}`,
    nameLangmap: { eng: "Foundation RP" },
    logoUri: "https://rp.example.org/logo.png",
    redirectUris: [redirectUri],
    publicKey: publicJwk as never,
    allowedClaims: ["name", "email"],
    acrValues: ["mosip:idp:acr:generated-code"],
    idTokenSignedResponseAlg: "ES256",
    userinfoResponseType: UserinfoResponseType.JWS,
    ...overrides,
  };
  return { clientId, redirectUri, privateKey, publicJwk, client };
}

/**
 * Registers a client and walks the login over gRPC (Authorize → Authenticate with the mock
 * identity system's OTP → IssueCode → ExchangeToken); returns the ID token the core signed.
 */
export async function mintIdToken(
  coreUrl: string,
  issuer: string,
  admin: AdminClient,
  alg: "ES256" | "PS256" | "RS256" = "ES256",
  nodeOptions?: SecureClientSessionOptions,
  /** The core's clock when it is not the wall clock (the client assertion's iat and exp follow it). */
  nowMs: number = Date.now(),
): Promise<{ idToken: string; clientId: string }> {
  const rp = await newRp({ idTokenSignedResponseAlg: alg });
  await admin.createClient({ client: rp.client });
  const id = identityClient(coreUrl, nodeOptions);
  const { verifier, challenge } = pkcePair();
  const { transaction: tx } = await id.authorize({
    clientId: rp.clientId,
    redirectUri: rp.redirectUri,
    responseType: "code",
    scope: "openid profile",
    state: "s",
    nonce: `n-${rp.clientId}`,
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    acrValues: "mosip:idp:acr:generated-code",
  });
  const at = { transactionId: tx!.transactionId, csrfToken: tx!.csrfToken };
  await id.sendOtp({ ...at, individualId: "8267411571" });
  await id.authenticate({ ...at, individualId: "8267411571", challenges: [{ challenge: { case: "otp", value: "111111" } }] });
  const code = await id.issueCode({ ...at, acceptedClaims: ["name"] });
  const tokens = await id.exchangeToken({
    grantType: "authorization_code",
    code: code.code,
    redirectUri: rp.redirectUri,
    codeVerifier: verifier,
    clientAssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    clientAssertion: await clientAssertion({ clientId: rp.clientId, redirectUri: rp.redirectUri, privateKey: rp.privateKey, publicJwk: rp.publicJwk, alg: "ES256" }, `${issuer}/token`, { iat: Math.floor(nowMs / 1000), exp: Math.floor(nowMs / 1000) + 60 }),
  });
  return { idToken: tokens.idToken, clientId: rp.clientId };
}
