'use strict';
// Production builds (no source maps) through the bundlers' Node APIs, one compiler per set of apps.
const path = require('node:path');
const { createRequire } = require('node:module');
const paths = require('./paths');

function freshRequire(file, root) {
  for (const key of Object.keys(require.cache)) if (key.startsWith(root)) delete require.cache[key];
  return require(file);
}

function run(compiler) {
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      if (error) return reject(error);
      compiler.close?.(() => {});
      if (stats.hasErrors()) return reject(new Error(stats.toString({ preset: 'errors-only', colors: false })));
      resolve(stats);
    });
  });
}

// apps: [{ config: '/abs/rspack.config.js', out: '/abs/out/dir' }]
async function buildRspack(apps, root) {
  if (!apps.length) return;
  const { rspack } = createRequire(path.join(paths.shop, 'package.json'))('@rspack/core');
  const configs = apps.map(({ config, out }) => {
    const c = freshRequire(config, root);
    return { ...c, output: { ...c.output, path: out, clean: true } };
  });
  await run(rspack(configs));
}

async function buildWebpack(apps, root) {
  if (!apps.length) return;
  const webpack = createRequire(path.join(paths.classic, 'package.json'))('webpack');
  const configs = apps.map(({ config, out }) => {
    const c = freshRequire(config, root);
    return { ...c, output: { ...c.output, path: out, clean: true } };
  });
  await run(webpack(configs));
}

module.exports = { buildRspack, buildWebpack };
