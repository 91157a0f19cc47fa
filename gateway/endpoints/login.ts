import type { AuthenticateResponse, Challenge } from '../../src/gen/signet/v1/identity_pb.js';
import type { Handler } from '../context.js';
import { finishLogin } from '../flow/finish-login.js';
import { sendLoginFailure } from '../flow/login-failure.js';
import { readBoundForm } from '../flow/page-form.js';
import { PAGE_STATE_LISTS, readPageState } from '../flow/page-state.js';

/** The knowledge factors a login form may carry, by form field name. */
export type FormFactor = 'otp' | 'pin';

type ChallengeInit = Omit<Challenge, '$typeName'>;

function challengeOf(factor: FormFactor, value: string): ChallengeInit {
  return factor === 'otp' ? { challenge: { case: 'otp', value } } : { challenge: { case: 'pin', value } };
}

/**
 * Creates a login handler: `POST /login/otp` (`required: ['otp']`),
 * `POST /login/pin` (`['pin']`), and `POST /login` (any of the fields present,
 * for factor sets that combine OTP and PIN). Form fields `transaction_id`,
 * `csrf_token`, `individual_id`, `otp` and/or `pin`. Calls Authenticate, then
 * the consent page or IssueCode.
 */
export function createLogin(required: readonly FormFactor[]): Handler {
  return async (req, res, ctx) => {
    const form = await readBoundForm(req, res, ctx, PAGE_STATE_LISTS);
    if (!form) return;
    const individualId = form.params.get('individual_id');
    const factors = (['otp', 'pin'] as const).filter(
      (f) => required.includes(f) || (required.length === 0 && form.params.has(f)),
    );
    // Missing values are sent as empty challenges: the core owns validation and
    // answers with a field-level `invalid_request` the page then shows.
    const challenges = factors.map((f) => challengeOf(f, form.params.get(f)));
    const shown = readPageState(form, ctx);
    const retry = {
      transactionId: form.transactionId,
      csrfToken: form.csrfToken,
      individualId,
      ...(shown.factor !== undefined ? { factor: shown.factor } : {}),
      // A wrong code keeps the page asking for the code (what it showed before).
      ...(factors.includes('otp') ? { otpSent: shown.otpSent ?? { individualId, sentTo: [], at: ctx.now() } } : {}),
    };
    let result: AuthenticateResponse;
    try {
      result = await ctx.client.authenticate({
        transactionId: form.transactionId,
        csrfToken: form.csrfToken,
        individualId,
        challenges,
      });
    } catch (err) {
      await sendLoginFailure(res, ctx, err, 'Authenticate', retry);
      return;
    }
    if (!result.transaction) throw new Error('Authenticate returned no transaction');
    await finishLogin(res, ctx, result.transaction, form.csrfToken);
  };
}
