import { create } from '@bufbuild/protobuf';
import { KnowledgeChallengeSchema, type AuthenticateResponse, type Challenge } from '../../src/gen/signet/v1/identity_pb.js';
import type { Handler } from '../context.js';
import { finishLogin } from '../flow/finish-login.js';
import { sendLoginFailure } from '../flow/login-failure.js';
import { readBoundForm } from '../flow/page-form.js';
import { PAGE_STATE_LISTS, readPageState } from '../flow/page-state.js';

/**
 * The typed factors a login form may carry: `otp` and `pin` (one field each), `kbi`
 * (knowledge-based identification: fields `name` and `birthdate`).
 */
export type FormFactor = 'otp' | 'pin' | 'kbi';

type ChallengeInit = Omit<Challenge, '$typeName'>;

function challengeOf(factor: FormFactor, form: { get(name: string): string }): ChallengeInit {
  if (factor === 'otp') return { challenge: { case: 'otp', value: form.get('otp') } };
  if (factor === 'pin') return { challenge: { case: 'pin', value: form.get('pin') } };
  return { challenge: { case: 'knowledge', value: create(KnowledgeChallengeSchema, { name: form.get('name'), birthdate: form.get('birthdate') }) } };
}

/**
 * Creates a login handler: `POST /login/otp` (`required: ['otp']`),
 * `POST /login/pin` (`['pin']`), `POST /login/kbi` (`['kbi']`: `name` and
 * `birthdate`), and `POST /login` (the OTP and PIN fields present, for factor
 * sets that combine them). Form fields `transaction_id`, `csrf_token`,
 * `individual_id` and the factor fields. Calls Authenticate, then the consent
 * page or IssueCode.
 */
export function createLogin(required: readonly FormFactor[]): Handler {
  return async (req, res, ctx) => {
    const form = await readBoundForm(req, res, ctx, PAGE_STATE_LISTS);
    if (!form) return;
    const individualId = form.params.get('individual_id');
    const factors = required.length > 0 ? required : (['otp', 'pin'] as const).filter((f) => form.params.has(f));
    // Missing values are sent as empty challenges: the core owns validation and
    // answers with a field-level error the page then shows.
    const challenges = factors.map((f) => challengeOf(f, form.params));
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
