import test from 'ava';
import { acceptQuality, prefersHtml } from '../../gateway/http/accept.js';

test('acceptQuality takes the most specific matching range (RFC 9110 §12.5.1)', (t) => {
  const accept = 'text/*;q=0.3, text/html;q=0.7, text/html;level=1, */*;q=0.5';
  t.is(acceptQuality(accept, 'text/html'), 0.7);
  t.is(acceptQuality(accept, 'text/plain'), 0.3);
  t.is(acceptQuality(accept, 'image/png'), 0.5);
  t.is(acceptQuality('application/json', 'text/html'), 0);
  t.is(acceptQuality(undefined, 'text/html'), 1);
  t.is(acceptQuality('text/html;q=abc', 'text/html'), 0, 'a malformed q counts as 0');
  t.is(acceptQuality('TEXT/HTML', 'text/html'), 1, 'case-insensitive');
});

test('prefersHtml: browsers yes; JSON-LD loaders, fetch and curl no', (t) => {
  t.true(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'));
  t.true(prefersHtml('text/html'));
  t.false(prefersHtml('application/ld+json, application/json'));
  t.false(prefersHtml('application/ld+json;q=1, text/html;q=0.5'));
  t.false(prefersHtml('*/*'));
  t.false(prefersHtml(undefined));
  t.false(prefersHtml(''));
  t.false(prefersHtml('text/html;q=0'));
});
