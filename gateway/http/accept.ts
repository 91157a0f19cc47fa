/** Media ranges read from one Accept header at most (a longer header is not a browser's). */
const MAX_RANGES = 64;

interface Range {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(accept: string): Range[] {
  return accept
    .split(',', MAX_RANGES)
    .map((part) => {
      const [range = '', ...params] = part.split(';');
      const [type = '', subtype = ''] = range.trim().toLowerCase().split('/');
      const qParam = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { type, subtype, q: Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0 };
    })
    .filter((r) => r.type !== '' && r.subtype !== '');
}

/**
 * The quality the Accept header gives `mediaType` (RFC 9110 §12.5.1): that of the most specific
 * matching range (`type/subtype` over `type/*` over `*\/*`); 1 when there is no Accept header.
 */
export function acceptQuality(accept: string | undefined, mediaType: string): number {
  if (accept === undefined || accept.trim() === '') return 1;
  const [type, subtype] = mediaType.toLowerCase().split('/');
  let best = -1;
  let q = 0;
  for (const r of parseAccept(accept)) {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1;
    if (specificity > best) {
      best = specificity;
      q = r.q;
    }
  }
  return q;
}

/**
 * Whether the client would rather have HTML than JSON: a browser (`text/html` ranked above what
 * `*\/*` gives JSON), not a JSON-LD document loader, `fetch` or curl (which get JSON on a tie).
 */
export function prefersHtml(accept: string | undefined): boolean {
  const html = acceptQuality(accept, 'text/html');
  const json = Math.max(acceptQuality(accept, 'application/ld+json'), acceptQuality(accept, 'application/json'));
  return html > 0 && html > json;
}
