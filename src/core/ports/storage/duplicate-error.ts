/**
 * A create or update collided with a unique value already stored. Repositories throw it; the
 * core turns it into the domain's `duplicate_*` error. It is a port signal, not a domain
 * error: the store cannot know which protocol code the caller answers with.
 */
export class DuplicateError extends Error {
  override readonly name = "DuplicateError";
  /** Which field was not unique, named as the domain names it (e.g. `client_id`, `public_key`). */
  readonly field: string;

  constructor(field: string) {
    super(`duplicate ${field}`);
    this.field = field;
  }
}
