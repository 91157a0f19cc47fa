/** JSON lives in text columns so sqlite and PostgreSQL store it the same; these keep the (de)serialising in one place. */

/** Serialises a value for a JSON text column. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Parses a JSON text column. The store only holds what {@link toJson} wrote, so the cast is the repository's contract. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** Parses a nullable JSON text column. */
export function fromJsonOrNull<T>(text: string | null): T | null {
  return text === null ? null : fromJson<T>(text);
}
