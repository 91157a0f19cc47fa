import type { AuthenticateResponse, Challenge } from '../../src/gen/signet/v1/identity_pb.js';
import type { Handler } from '../context.js';
import { finishLogin } from '../flow/finish-login.js';
import { sendLoginFailure } from '../flow/login-failure.js';
import { readBoundForm } from '../flow/page-form.js';
import { PAGE_STATE_LISTS, readPageState } from '../flow/page-state.js';

type ChallengeInit = Omit<Challenge, '$typeName'>;

/** Captures carry encrypted ISO records: allow more than an ordinary form (still below the core's gRPC limit). */
const CAPTURE_FORM_BYTES = 2 * 1024 * 1024;

interface WireRecord {
  specVersion?: unknown; data?: unknown; hash?: unknown; sessionKey?: unknown; thumbprint?: unknown;
  error?: { errorCode?: unknown; errorInfo?: unknown };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The capture as a typed challenge: `capture` is the SBI CAPTURE response JSON
 * (`{"biometrics":[...]}`); `challenge` is eSignet's BIO `encoded-json` form (base64url
 * of the biometrics array). Malformed input becomes an empty capture, which the core
 * refuses with a field-level error the page shows.
 */
function challengeOf(capture: string, encoded: string): ChallengeInit {
  if (encoded) return { challenge: { case: 'encoded', value: { authFactorType: 'BIO', format: 'encoded-json', challenge: encoded } as never } };
  let list: WireRecord[] = [];
  try {
    const parsed = JSON.parse(capture) as { biometrics?: unknown };
    if (Array.isArray(parsed.biometrics)) list = parsed.biometrics as WireRecord[];
  } catch {
    list = [];
  }
  // Elements that are not objects (null, numbers) become empty records the core refuses.
  const biometrics = list.map((item) => (typeof item === 'object' && item !== null ? item : {})).map((b) => ({
    specVersion: str(b.specVersion), data: str(b.data), hash: str(b.hash), sessionKey: str(b.sessionKey),
    thumbprint: str(b.thumbprint), errorCode: str(b.error?.errorCode) || '0', errorInfo: str(b.error?.errorInfo),
  }));
  return { challenge: { case: 'biometric', value: { biometrics } as never } };
}

/**
 * `POST /login/biometric`: fields `transaction_id`, `csrf_token`, `individual_id` and
 * `capture` (or `challenge`). Calls Authenticate; the core verifies every signature,
 * certificate and binding of the capture before the identity system matches it.
 */
export const loginBiometric: Handler = async (req, res, ctx) => {
  const form = await readBoundForm(req, res, Object.assign({}, ctx, { limits: Object.assign({}, ctx.limits, { formBytes: CAPTURE_FORM_BYTES }) }), PAGE_STATE_LISTS);
  if (!form) return;
  const individualId = form.params.get('individual_id');
  const { factor } = readPageState(form, ctx);
  const retry = { transactionId: form.transactionId, csrfToken: form.csrfToken, individualId, ...(factor !== undefined ? { factor } : {}) };
  let result: AuthenticateResponse;
  try {
    result = await ctx.client.authenticate({
      transactionId: form.transactionId,
      csrfToken: form.csrfToken,
      individualId,
      challenges: [challengeOf(form.params.get('capture'), form.params.get('challenge'))],
    });
  } catch (err) {
    await sendLoginFailure(res, ctx, err, 'Authenticate', retry);
    return;
  }
  if (!result.transaction) throw new Error('Authenticate returned no transaction');
  await finishLogin(res, ctx, result.transaction, form.csrfToken);
};
