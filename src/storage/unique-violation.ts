/**
 * Reads a unique-violation error from either driver and says which constraint or column it hit,
 * or undefined when the error is something else.
 * PostgreSQL: SQLSTATE 23505 with `constraint`; sqlite: "UNIQUE constraint failed: table.column".
 */
export function uniqueViolation(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505' && typeof e.constraint === 'string') return e.constraint;
  if (typeof e.message === 'string') {
    const m = /UNIQUE constraint failed: ([\w.]+)/.exec(e.message) ?? /PRIMARY KEY must be unique/.exec(e.message);
    if (m) return m[1] ?? 'primary key';
  }
  return undefined;
}
