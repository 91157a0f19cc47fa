/**
 * What a resident reads when a login step fails, chosen by the error code. The
 * core's `error_description` is written for relying parties (it names request
 * fields and rules) and is never shown on a page; only the code is, small, for
 * support. Whether the resident may try again comes from the core's catalogue
 * (`ErrorDetail.user_fixable`), not from this table.
 */
export interface ResidentMessage {
  /** The page heading, when the message ends the login on its own page. */
  readonly title: string;
  /** The words; `wait` is how long the resident must wait, when the core said so. */
  readonly text: string | ((wait: string) => string);
  /**
   * Shown on a page of its own with a link back to the application rather than
   * redirecting there at once, so the resident reads why the login stopped.
   */
  readonly stopsLogin?: true;
}

const CANNOT_COMPLETE = 'The request cannot be completed';

const messages: Readonly<Record<string, ResidentMessage>> = {
  // Login steps the resident can put right (user_fixable in the catalogue).
  auth_failed: { title: CANNOT_COMPLETE, text: 'The details you entered do not match our records. Check them and try again.' },
  invalid_challenge: { title: CANNOT_COMPLETE, text: 'Check what you entered: a PIN is 6 digits and a one-time code 6 letters or digits.' },
  invalid_identifier: { title: CANNOT_COMPLETE, text: 'Enter a valid ID number: letters and digits (spaces and hyphens are ignored).' },
  too_early_attempt: { title: CANNOT_COMPLETE, text: (wait) => `Too many attempts for this ID. For your security, try again in ${wait}.` },
  send_otp_failed: { title: CANNOT_COMPLETE, text: 'We could not send a code. Try again.' },
  biometric_verification_failed: { title: CANNOT_COMPLETE, text: 'The biometric capture could not be verified. Capture again on a certified device.' },
  auth_factor_mismatch: { title: CANNOT_COMPLETE, text: 'That way of logging in is not available for this application. Choose another one.' },
  // Lockouts.
  no_attempts_left: {
    title: 'Login blocked',
    text: 'Too many attempts. For your security this login has been stopped; start again from the application.',
    stopsLogin: true,
  },
  individual_id_blocked: {
    title: 'Login blocked',
    text: (wait) => `This ID is locked after too many failed attempts. Try again in ${wait}, or contact the registration authority.`,
    stopsLogin: true,
  },
  // The login cannot go on.
  invalid_transaction: {
    title: 'This login has ended',
    text: 'This login has expired or was already completed. Go back to the application and start again.',
  },
  invalid_client: { title: CANNOT_COMPLETE, text: 'The application that sent you here is not registered, or not active, with this service.' },
  invalid_accepted_claim: { title: CANNOT_COMPLETE, text: 'The choices sent from the consent page are not valid. Go back to the application and start again.' },
  invalid_permitted_scope: { title: CANNOT_COMPLETE, text: 'The choices sent from the consent page are not valid. Go back to the application and start again.' },
  server_error: { title: 'Something went wrong', text: 'The server could not complete the request. Try again in a moment.' },
  temporarily_unavailable: { title: 'Service unavailable', text: 'The login service is busy or unavailable. Try again in a moment.' },
};

/** For any other code: the application sent a request this service cannot serve. */
const fallback: ResidentMessage = {
  title: CANNOT_COMPLETE,
  text: 'The application sent a request this service cannot complete. Go back to the application and try again.',
};

/** Words for a login step that spent an attempt on what the resident entered, when its code has none of its own. */
const spentAttempt: ResidentMessage = { title: CANNOT_COMPLETE, text: 'Check what you entered and try again.' };

/** Whether `code` has words of its own. */
export function hasResidentMessage(code: string): boolean {
  return Object.hasOwn(messages, code);
}

/**
 * The message for an error (a general one for codes without their own, or, when the
 * refusal spent one of the resident's attempts, "check what you entered").
 */
export function residentMessage(code: string, spentAnAttempt = false): ResidentMessage {
  if (hasResidentMessage(code)) return messages[code]!;
  return spentAnAttempt ? spentAttempt : fallback;
}

/** "45 seconds", "5 minutes", "23 hours": rounded up, so the resident never comes back too early. */
export function waitText(seconds: number): string {
  if (seconds < 120) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  if (seconds < 7200) return `${Math.ceil(seconds / 60)} minutes`;
  return `${Math.ceil(seconds / 3600)} hours`;
}

/** The words of `message`, with the wait (in seconds, as the core sent it) filled in. */
export function residentText(message: ResidentMessage, retryAfterSeconds: number | undefined): string {
  return typeof message.text === 'string' ? message.text : message.text(waitText(retryAfterSeconds ?? 1));
}

/** The codes with their own message (a test checks each is in the core's catalogue). */
export const codesWithMessages: readonly string[] = Object.keys(messages);
