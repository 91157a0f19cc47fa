import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, type ServiceImpl } from '@connectrpc/connect';
import { ErrorDetailSchema, type ErrorDetail } from '../../src/gen/signet/v1/error_pb.js';
import { errorCatalogue, type ErrorCode } from '../../src/core/errors/index.js';
import {
  AuthFactorType,
  IdentityService,
  TransactionSchema,
  TransactionState,
  type Transaction,
} from '../../src/gen/signet/v1/identity_pb.js';

export const ISSUER = 'https://id.example.test';
export const CLIENT_ID = 'rp-1';
export const REDIRECT_URI = 'https://rp.example/cb';
export const INDIVIDUAL_ID = '4567890123';
export const GOOD_OTP = '111111';
export const GOOD_PIN = '482913';
export const GOOD_CODE = 'code-abc';
export const GOOD_ACCESS_TOKEN = 'at.good.token';
export const USERINFO_JWT = 'eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

/** Knobs for the failure cases. */
export interface FakeOptions {
  consentRequired?: boolean;
  clientName?: string;
  /** Every RPC fails with a bare INTERNAL error (no detail), leaking an internal message. */
  broken?: boolean;
  attempts?: number;
  /** SendOtp answers without the transaction, as a core from before it carried one did. */
  sendOtpWithoutTransaction?: boolean;
}

type Detail = Partial<Omit<ErrorDetail, '$typeName'>> & { error: ErrorCode };

/** Fails as the real core does: the catalogue's gRPC status, HTTP status and user-fixable flag. */
function fail(detail: Detail): never {
  const kind = errorCatalogue[detail.error];
  throw new ConnectError(detail.errorDescription ?? detail.error, kind.grpc, undefined, [
    { desc: ErrorDetailSchema, value: { ...detail, httpStatus: kind.http, userFixable: kind.userFixable } },
  ]);
}

interface Txn {
  tx: Transaction;
  csrf: string;
  state: string;
  attempts: number;
  authenticated: boolean;
}

/**
 * An honest in-memory IdentityService: it validates what the real core would
 * validate for these tests and answers with ErrorDetails. `calls` records
 * every RPC by name.
 */
export function createFakeCore(options: FakeOptions = {}) {
  const calls: string[] = [];
  const txns = new Map<string, Txn>();
  const requests: Record<string, unknown[]> = {};
  let seq = 0;
  const record = (name: string, req: unknown): void => {
    calls.push(name);
    (requests[name] ??= []).push(req);
    if (options.broken) throw new ConnectError('db password=hunter2 at pg:5432', Code.Internal);
  };
  const redirectDetail = (t: Txn) => ({ redirectUri: REDIRECT_URI, state: t.state, iss: ISSUER });
  const find = (transactionId: string, csrfToken: string): Txn => {
    const t = txns.get(transactionId);
    if (!t) fail({ error: 'invalid_transaction', errorDescription: 'unknown or expired transaction' });
    if (t.csrf !== csrfToken) fail({ error: 'invalid_request', errorDescription: 'csrf_token does not match', field: 'csrf_token' });
    return t;
  };
  const impl: ServiceImpl<typeof IdentityService> = {
    authorize(req) {
      record('authorize', req);
      if (req.clientId !== CLIENT_ID) fail({ error: 'invalid_client', errorDescription: 'unknown client_id', field: 'client_id' });
      if (req.redirectUri !== REDIRECT_URI) fail({ error: 'invalid_request', errorDescription: 'redirect_uri is not registered', field: 'redirect_uri' });
      if (req.responseType !== 'code') fail({ error: 'unsupported_response_type', errorDescription: 'response_type must be code', redirectUri: REDIRECT_URI, state: req.state, iss: ISSUER });
      const id = `txn-${++seq}`;
      const tx = create(TransactionSchema, {
        transactionId: id,
        state: TransactionState.CREATED,
        clientId: CLIENT_ID,
        clientName: options.clientName ?? 'Health Portal',
        clientNameLangmap: { eng: options.clientName ?? 'Health Portal', fra: 'Portail Santé' },
        logoUri: 'https://rp.example/logo.png',
        authFactorSets: [
          { acr: 'mosip:idp:acr:generated-code', amr: 'OTP', factors: [{ type: AuthFactorType.OTP }] },
          { acr: 'mosip:idp:acr:static-code', amr: 'PIN', factors: [{ type: AuthFactorType.PIN }] },
          { acr: 'mosip:idp:acr:biometrics', amr: 'L1-bio-device', factors: [{ type: AuthFactorType.BIO, count: 1, bioType: 'Finger' }] },
        ],
        claims: [
          { name: 'name', essential: true },
          { name: 'email', essential: false, purpose: 'to send receipts' },
        ],
        authorizeScopes: ['resident-service'],
        uiLocales: req.uiLocales ? req.uiLocales.split(' ') : [],
        expireTime: timestampFromMs(Date.now() + 300_000),
        csrfToken: `csrf-${id}-secret`,
        biometric: { sbiTransactionId: 'ABCDE12345', domainUri: 'http://gateway', env: 'Developer', purpose: 'Auth', timeoutMs: 30000, specVersion: '0.9.5', requestedScore: 40, modalities: [{ type: 'Finger', count: 1 }] },
        redirectUri: REDIRECT_URI,
      });
      txns.set(id, { tx, csrf: tx.csrfToken, state: req.state, attempts: options.attempts ?? 3, authenticated: false });
      return { transaction: tx };
    },
    getTransaction(req) {
      record('getTransaction', req);
      const t = find(req.transactionId, req.csrfToken);
      return { transaction: { ...t.tx, csrfToken: '' } };
    },
    sendOtp(req) {
      record('sendOtp', req);
      if (!/^\d{10}$/.test(req.individualId)) fail({ error: 'invalid_identifier', errorDescription: 'individual_id must be 10 digits', field: 'individual_id' });
      const t = find(req.transactionId, req.csrfToken);
      return { maskedMobile: '******0123', maskedEmail: '', ...(options.sendOtpWithoutTransaction ? {} : { transaction: { ...t.tx, csrfToken: '' } }) };
    },
    authenticate(req) {
      record('authenticate', req);
      const t = find(req.transactionId, req.csrfToken);
      if (t.attempts <= 0) fail({ error: 'no_attempts_left', errorDescription: 'no attempts left', ...redirectDetail(t), attemptsRemaining: 0 });
      const c = req.challenges[0]?.challenge;
      const ok = req.individualId === INDIVIDUAL_ID && ((c?.case === 'otp' && c.value === GOOD_OTP) || (c?.case === 'pin' && c.value === GOOD_PIN));
      if (!ok) {
        t.attempts -= 1;
        if (t.attempts === 0) fail({ error: 'no_attempts_left', errorDescription: 'no attempts left', ...redirectDetail(t), attemptsRemaining: 0 });
        fail({ error: 'auth_failed', errorDescription: 'authentication failed', attemptsRemaining: t.attempts });
      }
      t.authenticated = true;
      t.tx = { ...t.tx, state: TransactionState.AUTHENTICATED, consentRequired: options.consentRequired ?? true };
      return { transaction: t.tx };
    },
    issueCode(req) {
      record('issueCode', req);
      const t = find(req.transactionId, req.csrfToken);
      if (!t.authenticated) fail({ error: 'invalid_transaction', errorDescription: 'not authenticated' });
      if (t.tx.consentRequired) {
        for (const c of t.tx.claims) {
          if (c.essential && !req.acceptedClaims.includes(c.name)) fail({ error: 'invalid_accepted_claim', errorDescription: `essential claim ${c.name} must be accepted`, field: 'accepted_claims' });
        }
      }
      const url = new URL(REDIRECT_URI);
      url.searchParams.set('code', GOOD_CODE);
      if (t.state) url.searchParams.set('state', t.state);
      url.searchParams.set('iss', ISSUER);
      return { redirectUri: REDIRECT_URI, code: GOOD_CODE, state: t.state, iss: ISSUER, redirectUrl: url.toString() };
    },
    denyAuthorization(req) {
      record('denyAuthorization', req);
      const t = find(req.transactionId, req.csrfToken);
      const url = new URL(REDIRECT_URI);
      url.searchParams.set('error', 'access_denied');
      if (t.state) url.searchParams.set('state', t.state);
      url.searchParams.set('iss', ISSUER);
      return { redirectUrl: url.toString() };
    },
    exchangeToken(req) {
      record('exchangeToken', req);
      if (req.grantType !== 'authorization_code') fail({ error: 'unsupported_grant_type', errorDescription: 'grant_type must be authorization_code' });
      if (req.httpBasicAuthPresent) fail({ error: 'invalid_client', errorDescription: 'only private_key_jwt client authentication is supported' });
      if (!req.clientAssertion) fail({ error: 'invalid_client', errorDescription: 'client_assertion is required' });
      if (req.code === 'vc-code') {
        const details = JSON.stringify([{ type: 'openid_credential', credential_configuration_id: 'NationalID', credential_identifiers: ['nid-1'] }]);
        return { accessToken: GOOD_ACCESS_TOKEN, tokenType: 'Bearer', expiresIn: 600n, idToken: '', scope: 'national_id_vc', cNonce: 'nonce-0', cNonceExpiresIn: 300n, authorizationDetails: details };
      }
      if (req.code !== GOOD_CODE) fail({ error: 'invalid_grant', errorDescription: 'the code is invalid or expired' });
      return { accessToken: GOOD_ACCESS_TOKEN, tokenType: 'Bearer', expiresIn: 3600n, idToken: 'id.token.jwt', scope: '', cNonce: '', cNonceExpiresIn: 0n, authorizationDetails: '' };
    },
    getUserInfo(req) {
      record('getUserInfo', req);
      if (req.accessToken !== GOOD_ACCESS_TOKEN) fail({ error: 'invalid_token', errorDescription: 'the access token is invalid or expired' });
      return { contentType: 'application/jwt', body: USERINFO_JWT };
    },
    createCredentialNonce(req) {
      record('createCredentialNonce', req);
      return { cNonce: 'nonce-1', cNonceExpiresIn: 300n };
    },
    issueCredential(req) {
      record('issueCredential', req);
      if (req.accessToken !== GOOD_ACCESS_TOKEN) fail({ error: 'invalid_token', errorDescription: 'the access token is invalid or expired' });
      if (req.proofs.length === 0) fail({ error: 'invalid_proof', errorDescription: 'a key proof is required', cNonce: 'nonce-2', cNonceExpiresIn: 300n });
      if (!req.credentialConfigurationId && !req.format && !req.credentialIdentifier) fail({ error: 'invalid_credential_request', errorDescription: 'credential_configuration_id is required' });
      if (req.credentialConfigurationId === 'Unknown') fail({ error: 'unknown_credential_configuration', errorDescription: 'no such credential configuration' });
      return {
        credentials: req.proofs.map((p, i) => ({ format: 'dc+sd-jwt', credential: { case: 'compact' as const, value: `sd-jwt-${i}~${p.jwt}~` } })),
        cNonce: 'nonce-3',
        cNonceExpiresIn: 300n,
      };
    },
    getDiscovery(req) {
      record('getDiscovery', req);
      return {
        openidConfiguration: { issuer: ISSUER, authorization_endpoint: `${ISSUER}/authorize`, code_challenge_methods_supported: ['S256'] },
        oauthAuthorizationServer: { issuer: ISSUER, token_endpoint: `${ISSUER}/token` },
        credentialIssuer: { credential_issuer: ISSUER, credential_endpoint: `${ISSUER}/credential` },
        jwtVcIssuer: { issuer: ISSUER },
      };
    },
    getJwks(req) {
      record('getJwks', req);
      const kid = req.purpose === 'credential' ? 'cred-key' : 'token-key';
      return { jwks: { keys: [{ kty: 'EC', crv: 'P-256', kid, x: 'x', y: 'y' }] }, maxAgeSeconds: 120n };
    },
  };
  return { impl, calls, requests, txns };
}
