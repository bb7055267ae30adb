'use strict';
// What the page really holds, read in the page itself (page.evaluate): the objects the apps
// registered with @shop/probe, grouped by identity, and the share scope of the runtime.
//
// MF 2: globalThis.__FEDERATION__.__SHARE__ (one scope object per container; after container init
// they are the same object, so they are de-duplicated by identity).
// Classic webpack: no global. A probe chunk pushed into every webpackChunk* JSONP array is handed
// each runtime's __webpack_require__, whose .S is the share scope (research/mf-semantics.md §4).

/* eslint-disable no-undef */
async function readPage() {
  const registry = globalThis.__SHOP_PROBE__ ?? { libraries: [], state: [] };

  const scopes = [];
  const addScope = (scope) => scope && !scopes.includes(scope) && scopes.push(scope);
  let runtime = null;
  if (globalThis.__FEDERATION__?.__SHARE__) {
    runtime = 'mf2';
    for (const map of Object.values(globalThis.__FEDERATION__.__SHARE__)) addScope(map?.default);
  } else {
    for (const key of Object.keys(self)) {
      if (!key.startsWith('webpackChunk') || !Array.isArray(self[key])) continue;
      runtime = 'webpack';
      self[key].push([[`fedscope-probe-${key}-${Math.random()}`], {}, (r) => addScope(r.S?.default)]);
    }
  }

  // The module behind a share-scope entry, without side effects: only entries already loaded.
  const moduleOf = async (entry) => {
    try {
      if (runtime === 'mf2') return typeof entry.lib === 'function' ? entry.lib() : undefined;
      if (!entry.loaded) return undefined;
      const factory = await entry.get();
      return factory();
    } catch {
      return undefined;
    }
  };
  const holds = (module, value) =>
    module === value ||
    (module && typeof module === 'object' &&
      (Object.values(module).includes(value) || (module.default && typeof module.default === 'object' && Object.values(module.default).includes(value))));

  const ids = new Map();
  const idOf = (kind, key, value) => {
    const k = `${kind}:${key}`;
    if (!ids.has(k)) ids.set(k, new Map());
    const m = ids.get(k);
    if (!m.has(value)) m.set(value, m.size + 1);
    return m.get(value);
  };

  const libraries = [];
  for (const { app, key, value } of registry.libraries) {
    let version = typeof value?.version === 'string' ? value.version : null;
    let fromScope = false;
    for (const scope of scopes) {
      for (const [v, entry] of Object.entries(scope[key] ?? {})) {
        if (holds(await moduleOf(entry), value)) {
          version = version ?? v;
          fromScope = true;
        }
      }
    }
    libraries.push({ app, key, instance: idOf('lib', key, value), version, fromScope });
  }
  const state = registry.state.map(({ app, name, value }) => ({ app, name, instance: idOf('state', name, value) }));

  const shareScope = scopes.map((scope) => {
    const out = {};
    for (const key of Object.keys(scope).sort()) {
      out[key] = {};
      for (const [v, e] of Object.entries(scope[key])) {
        out[key][v] =
          runtime === 'mf2'
            ? { from: e.from, loaded: Boolean(e.loaded), useIn: e.useIn ?? [], singleton: Boolean(e.shareConfig?.singleton), strategy: e.strategy }
            : { from: e.from, loaded: Boolean(e.loaded), eager: Boolean(e.eager) };
      }
    }
    return out;
  });
  // The contents of every QueryClient the apps registered: which queries it holds and how often
  // each was fetched successfully (dataUpdateCount), so cache sharing can be read per client.
  const queryCaches = [];
  const seenClients = [];
  for (const { app, name, value } of registry.state) {
    if (typeof value?.getQueryCache !== 'function') continue;
    const known = seenClients.indexOf(value);
    if (known >= 0) {
      queryCaches[known].apps.push(app);
      continue;
    }
    seenClients.push(value);
    const queries = {};
    for (const q of value.getQueryCache().getAll()) queries[q.queryHash] = { fetched: q.state.dataUpdateCount, errors: q.state.errorUpdateCount, observers: q.getObserversCount() };
    queryCaches.push({ name, apps: [app], queries });
  }
  return { runtime, libraries, state, shareScope, queryCaches, rootEmpty: !document.getElementById('root')?.innerHTML };
}

module.exports = { readPage };
