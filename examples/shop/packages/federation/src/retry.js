// Layer 1 of the remote-loading hardening: retry, across two manifest domains.
//
// Every remote's manifest is published on two "domains" (two local ports): a CDN edge, which is
// down in this demo, and the origin. The configs name the CDN edge first; this plugin retries it
// and then fails over to the origin.
//
// @module-federation/retry-plugin 0.17.1 is the newest release on the npm registry. Its API is the
// legacy one: `fetch.retryTimes` and one `fetch.fallback(url)`; the flat
// `{ retryTimes, retryDelay, manifestDomains }` of later releases is silently ignored by 0.17.1, so
// the two domains are spelled out here and `fallback` rotates to the next one. 0.17.1's fetch hook
// does not pass `retryDelay` on either: the wait between tries is its default, 1 s.
import { RetryPlugin } from '@module-federation/retry-plugin';

export const MANIFEST_DOMAINS = {
  host: ['http://127.0.0.1:3500', 'http://127.0.0.1:3000'],
  cart: ['http://127.0.0.1:3501', 'http://127.0.0.1:3001'],
  catalog: ['http://127.0.0.1:3502', 'http://127.0.0.1:3002'],
  recs: ['http://127.0.0.1:3503', 'http://127.0.0.1:3003'],
};

export function nextManifestDomain(url) {
  const href = String(url);
  for (const [first, second] of Object.values(MANIFEST_DOMAINS)) {
    if (href.startsWith(first)) return second + href.slice(first.length);
  }
  return href;
}

export default function shopRetryPlugin() {
  return RetryPlugin({ fetch: { retryTimes: 1, fallback: nextManifestDomain } });
}
