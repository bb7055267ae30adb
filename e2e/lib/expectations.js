'use strict';
// What each variant must show. The shop: every behaviour holds, one instance of every stateful
// library and state object, exact request counts, no unexplained console error. Each twin: the
// failure its seeded mistake causes, as the browser recorded it.
const SHOP_BEHAVIOURS_MF2 = [
  'boot', 'remote-retry-second-domain', 'remote-outage-fallback', 'user-query-shared', 'cart-sync-remote-to-host',
  'cart-sync-host-to-remote', 'redux-injected-store', 'cart-open-signal', 'listener-cleanup-after-remount',
  'remote-recovered', 'multi-tab-cart-sync', 'cross-app-invalidation', 'remote-error-contained',
];
const SHOP_BEHAVIOURS_CLASSIC = SHOP_BEHAVIOURS_MF2.filter((b) => !['remote-retry-second-domain', 'remote-recovered'].includes(b));

class Checks {
  constructor(truth) {
    this.truth = truth;
    this.failures = [];
  }
  that(condition, message) {
    if (!condition) this.failures.push(message);
    return this;
  }
  behaviour(name, ok) {
    const b = this.truth.behaviours.find((x) => x.name === name);
    return this.that(b && b.ok === ok, `behaviour ${name} should ${ok ? 'hold' : 'fail'} (recorded: ${b ? (b.ok ? 'holds' : `fails: ${b.detail ?? ''}`) : 'missing'})`);
  }
  behaviours(names) {
    this.that(
      JSON.stringify(this.truth.behaviours.map((b) => b.name)) === JSON.stringify(names),
      `behaviours recorded ${this.truth.behaviours.map((b) => b.name).join(',')}`,
    );
    return this;
  }
  library(key, instances, versions) {
    const l = this.truth.libraries[key];
    this.that(l && l.instances === instances, `library ${key}: ${l?.instances} instances, expected ${instances}`);
    if (versions) this.that(l && JSON.stringify(l.versions) === JSON.stringify(versions), `library ${key}: versions ${JSON.stringify(l?.versions)}, expected ${JSON.stringify(versions)}`);
    return this;
  }
  state(name, instances) {
    const s = this.truth.state.find((x) => x.name === name);
    return this.that(s && s.instances === instances, `state ${name}: ${s?.instances} instances, expected ${instances}`);
  }
  requests(expected) {
    for (const [route, n] of Object.entries(expected)) {
      const got = this.truth.requests[route] ?? 0;
      this.that(got === n, `requests ${route}: ${got}, expected ${n}`);
    }
    return this;
  }
  error(pattern) {
    return this.that(this.truth.errors.some((e) => pattern.test(e)), `no console error matching ${pattern}`);
  }
  onlyErrors(patterns) {
    for (const e of this.truth.errors) this.that(patterns.some((p) => p.test(e)), `unexpected console error: ${e.split('\n')[0]}`);
    return this;
  }
}

const ONE = { react: 1, 'react-dom': 1, zustand: 1, '@tanstack/react-query': 1, '@reduxjs/toolkit': 1, 'react-redux': 1 };
const STATE = { 'cart-store': 1, 'query-client': 1, 'cart-query-client': 1, 'redux-store': 1 };
// The requests of the full session (see e2e/README.md for the arithmetic).
const SHOP_REQUESTS = {
  'GET /api/user/me': 2,
  'GET /api/products': 8,
  'GET /api/products/p-4': 1,
  'GET /api/orders': 1,
  'POST /api/orders': 1,
  'GET /api/recommendations': 1,
};
// Errors the shop's session causes on purpose: the down CDN domain and recs outage (network),
// the p-4 details endpoint answering 500, and React's report of the error the boundary caught.
const SHOP_ERRORS = [
  /^Failed to load resource: net::ERR_CONNECTION_REFUSED$/,
  /^Failed to load resource: the server responded with a status of 500 \(Internal Server Error\)$/,
  /^Error: GET \/api\/products\/p-4 failed: 500 Internal Server Error/,
  /ScriptExternalLoadError: Loading script failed\.\n\(error: http:\/\/127\.0\.0\.1:3103\/remoteEntry\.js\)/,
];

function shopChecks(truth, behaviours) {
  const c = new Checks(truth).behaviours(behaviours);
  for (const name of behaviours) c.behaviour(name, true);
  for (const [key, n] of Object.entries(ONE)) c.library(key, n);
  for (const [name, n] of Object.entries(STATE)) c.state(name, n);
  return c.onlyErrors(SHOP_ERRORS);
}

const expectations = {
  shop: (t) =>
    shopChecks(t, SHOP_BEHAVIOURS_MF2)
      .requests(SHOP_REQUESTS)
      .that(t.runtime === 'mf2', 'runtime mf2').failures,
  'shop-classic': (t) =>
    shopChecks(t, SHOP_BEHAVIOURS_CLASSIC)
      .requests({ ...SHOP_REQUESTS, 'GET /api/recommendations': 0 })
      .that(t.runtime === 'webpack', 'runtime webpack')
      .that(t.warnings.some((w) => w.startsWith('Initialization of sharing external failed: ScriptExternalLoadError')), 'classic init warning for the down recs remote').failures,

  // Twins: each must show the failure of its seeded mistake, and only what follows from it.
  'store-split-instance': (t) =>
    new Checks(t)
      .state('cart-store', 2)
      .behaviour('boot', true)
      .behaviour('cart-sync-remote-to-host', false)
      .behaviour('cart-sync-host-to-remote', false)
      .behaviour('cart-open-signal', true)
      // the store module bundled into the catalog imports zustand, which the catalog does not share:
      // that copy of the module runs on a private zustand (recorded by the store module's own probe)
      .library('zustand', 2)
      .that(t.instancesByApp.state['cart-store'].page1.catalog !== t.instancesByApp.state['cart-store'].page1.host, 'the catalog holds a store of its own').failures,
  'duplicate-instance': (t) =>
    new Checks(t)
      .library('react', 2, ['19.3.1'])
      .behaviour('boot', false)
      .behaviour('cart-sync-remote-to-host', false)
      .error(/^TypeError: Cannot read properties of null \(reading 'useEffect'\)/)
      .that(t.instancesByApp.libraries.react.page1.catalog !== t.instancesByApp.libraries.react.page1.host, 'the catalog runs a React of its own').failures,
  'query-client-split': (t) =>
    new Checks(t)
      .library('@tanstack/react-query', 2, ['5.108.0'])
      .behaviour('boot', true)
      .behaviour('remote-recovered', false)
      .error(/^Error: No QueryClient set, use QueryClientProvider to set one/)
      .requests({ 'GET /api/recommendations': 0 }).failures,
  'missing-async-boundary': (t) =>
    new Checks(t)
      .behaviour('boot', false)
      .error(/^loadShareSync failed! The function should not be called unless you set "eager:true"/)
      .error(/^Uncaught Error: \[ Federation Runtime \]: Invalid loadShareSync function call from runtime #RUNTIME-006/)
      .requests({ 'GET /api/user/me': 0, 'GET /api/products': 0 }).failures,
  'singleton-version-error': (t) =>
    new Checks(t)
      .behaviour('boot', false)
      .error(/^Error: \[ Federation Runtime \]: Version 19\.3\.1 from host of shared singleton module react does not satisfy the requirement of catalog which needs \^18\.3\.1\)/)
      .library('react', 1)
      // Only the cart's isolated client fetches products (one per tab): the catalog never loads.
      .requests({ 'GET /api/products': 2 }).failures,
  'cross-app-invalidation-missing': (t) =>
    new Checks(t)
      .behaviour('cart-open-signal', true)
      .behaviour('cross-app-invalidation', false)
      .state('query-client', 1)
      .state('cart-query-client', 1)
      // Boot: 2 per tab (host cache + the cart's isolated cache); after the purchase only the cart
      // of the purchasing tab refetches: 5 where the shop makes 8.
      .requests({ ...SHOP_REQUESTS, 'GET /api/products': 5 }).failures,
  'listener-without-cleanup': (t) =>
    new Checks(t)
      .behaviour('cart-open-signal', true)
      .behaviour('listener-cleanup-after-remount', false)
      .that(/×3/.test(t.behaviours.find((b) => b.name === 'listener-cleanup-after-remount')?.detail ?? ''), 'one "Buy now" after one remount adds twice (×3)').failures,
  'remote-without-error-boundary': (t) =>
    new Checks(t)
      .behaviour('boot', true)
      .behaviour('remote-error-contained', false)
      .error(/^Uncaught Error: GET \/api\/products\/p-4 failed: 500 Internal Server Error$/)
      .that(t.whiteScreen === true, 'the page ends white (#root empty)').failures,
  'remote-entry-conflict': (t) =>
    new Checks(t)
      .state('cart-store', 2)
      .behaviour('boot', true)
      .behaviour('cart-sync-remote-to-host', false)
      .behaviour('cart-sync-host-to-remote', false)
      .that(Object.keys(t.shareScope.zustand ?? {}).length === 1, 'one zustand version in scope').failures,
};

module.exports = { expectations, Checks, SHOP_BEHAVIOURS_MF2 };
