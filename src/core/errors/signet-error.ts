import type { Code } from "@connectrpc/connect";
import { errorCatalogue, type ErrorCode, type ErrorKind } from "./catalogue.js";

/** Where a redirectable authorization error is sent (RFC 6749 §4.1.2.1, RFC 9207). */
export interface ErrorRedirect {
  readonly redirectUri: string;
  readonly state: string;
  readonly iss: string;
}

/** What a {@link SignetError} carries besides its code and description. */
export interface SignetErrorOptions {
  /** The request field at fault (proto field name). */
  readonly field?: string;
  /** Set only once the client and redirect URI are verified. */
  readonly redirect?: ErrorRedirect;
  /** Attempts left at this step, so the page can say how many remain. */
  readonly attemptsRemaining?: number;
  /** Seconds until a refusal that lifts by itself (throttling, lock, OTP window) does. */
  readonly retryAfterSeconds?: number;
  /** A fresh c_nonce offered with `invalid_nonce` (OpenID4VCI draft 13 §7.3.2). */
  readonly cNonce?: { readonly value: string; readonly expiresIn: number };
  /** Overrides the catalogue's gRPC status (e.g. NOT_FOUND for an unknown client id in admin). */
  readonly status?: Code;
  /** What went wrong inside, for the log only; never sent. */
  readonly cause?: unknown;
}

/**
 * The one domain error: rules and flow code throw (or return) it; the core's error boundary
 * (`toConnectError`) turns it into the gRPC status and `signet.v1.ErrorDetail` the caller gets.
 * `description` is for the relying party (RFC 6749 `error_description`): it names the field and
 * the rule, never a secret or an internal cause. Pages never show it to residents; they choose
 * their words from `code`.
 */
export class SignetError extends Error {
  override readonly name = "SignetError";
  readonly code: ErrorCode;
  readonly description: string;
  readonly options: SignetErrorOptions;

  constructor(code: ErrorCode, description: string, options: SignetErrorOptions = {}) {
    super(description, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.description = description;
    this.options = options;
  }

  /** The request field at fault, if any. */
  get field(): string | undefined {
    return this.options.field;
  }

  /** The catalogue's entry for this code. */
  get kind(): ErrorKind {
    return errorCatalogue[this.code];
  }

  /** The gRPC status: the catalogue's, unless this error overrides it. */
  get status(): Code {
    return this.options.status ?? this.kind.grpc;
  }

  /** The same error with more of what a page needs (e.g. the attempts left, added by the step that counted them). */
  with(more: SignetErrorOptions): SignetError {
    return new SignetError(this.code, this.description, Object.assign({}, this.options, more));
  }
}

/** Shorthand for `new SignetError(code, description, options)`. */
export function signetError(code: ErrorCode, description: string, options: SignetErrorOptions = {}): SignetError {
  return new SignetError(code, description, options);
}

/**
 * The answer of an RPC whose behaviour is not configured here: UNIMPLEMENTED, naming what is
 * missing, so nothing pretends to work.
 */
export function notImplemented(rpc: string, missing: string): SignetError {
  return new SignetError("not_implemented", `${rpc} is not implemented yet: ${missing}`);
}
