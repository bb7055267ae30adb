'use strict';
// Assembles <variant>.truth.json (../../shared/spec/truth.md, version 1) from what the page did.
// Fields beyond the contract (added, never changed): rule, shareScope, instancesByApp, pages.
const fs = require('node:fs');
const path = require('node:path');
const paths = require('./paths');

function installedVersion(app, key) {
  try {
    return JSON.parse(fs.readFileSync(path.join(paths.shop, 'apps', app, 'node_modules', key, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

const sortObject = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function buildTruth({ variant, pages, behaviours, requests, events }) {
  const libraries = {};
  const state = {};
  const instancesByApp = { libraries: {}, state: {} };
  pages.forEach((page, index) => {
    const libs = {};
    for (const { app, key, instance, version } of page.libraries) {
      libs[key] ??= new Map();
      libs[key].set(instance, version ?? installedVersion(app, key));
      ((instancesByApp.libraries[key] ??= {})[`page${index + 1}`] ??= {})[app] = instance;
    }
    for (const [key, instances] of Object.entries(libs)) {
      const versions = [...new Set(instances.values())].filter(Boolean).sort();
      if (!libraries[key] || instances.size > libraries[key].instances) libraries[key] = { instances: instances.size, versions };
    }
    const names = {};
    for (const { app, name, instance } of page.state) {
      (names[name] ??= new Set()).add(instance);
      ((instancesByApp.state[name] ??= {})[`page${index + 1}`] ??= {})[app] = instance;
    }
    for (const [name, set] of Object.entries(names)) state[name] = Math.max(state[name] ?? 0, set.size);
  });
  return {
    version: 1,
    variant: variant.name,
    runtime: variant.runtime,
    libraries: sortObject(libraries),
    state: Object.keys(state)
      .sort()
      .map((name) => ({ name, instances: state[name] })),
    requests: sortObject(requests),
    behaviours,
    errors: events.filter((e) => e.kind === 'error').map((e) => e.text),
    warnings: events.filter((e) => e.kind === 'warning').map((e) => e.text),
    ...(variant.rule ? { rule: variant.rule } : {}),
    whiteScreen: Boolean(pages[0]?.rootEmpty),
    shareScope: pages[0]?.shareScope.length === 1 ? pages[0].shareScope[0] : (pages[0]?.shareScope ?? []),
    instancesByApp,
    queryCaches: pages.map((page) => page.queryCaches),
  };
}

module.exports = { buildTruth };
