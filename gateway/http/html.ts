/**
 * HTML escaping for server-rendered pages. Every interpolated value is escaped
 * unless it is already {@link SafeHtml}, so a page cannot be built from raw
 * strings by accident (OWASP XSS Prevention Cheat Sheet, rule 1).
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A fragment of markup that is already escaped (or is a trusted constant). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Escapes text for use in element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Tagged template that escapes every interpolation. Arrays are rendered item by
 * item; `undefined`, `null` and `false` render as nothing (for conditionals).
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks a trusted constant (never user or core data) as markup. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * Serialises a value as JSON that is safe inside a `<script>` element: `<`, `>`,
 * `&` and the JavaScript line terminators are escaped so the text can neither
 * close the element nor break the parser (HTML §4.12.1.3 restrictions).
 */
export function jsonForScript(value: unknown): SafeHtml {
  const text = JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return new SafeHtml(text);
}
