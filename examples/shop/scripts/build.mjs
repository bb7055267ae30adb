#!/usr/bin/env node
// Builds apps of the shop with Rspack's JavaScript API (production, no source maps).
//
//   node scripts/build.mjs [host cart catalog recs]      (from examples/shop)
//   pnpm build                                           (from one app: builds that app)
//
// Output: apps/<app>/dist. e2e/ builds the same configs with its own output directories.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { rspack } = require('@rspack/core');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const inApp = path.dirname(process.cwd()) === path.join(root, 'apps');
const apps = process.argv.slice(2).length ? process.argv.slice(2) : inApp ? [path.basename(process.cwd())] : ['host', 'cart', 'catalog', 'recs'];
const configs = apps.map((app) => require(path.join(root, 'apps', app, 'rspack.config.js')));

rspack(configs).run((error, stats) => {
  if (error) throw error;
  console.log(stats.toString({ preset: 'errors-warnings', colors: false }) || `built ${apps.join(', ')}`);
  if (stats.hasErrors()) process.exitCode = 1;
});
