#!/usr/bin/env node
// Builds the classic shop with webpack's Node API (production, no source maps).
//   node build.js [host cart catalog]        output: apps/<app>/dist
'use strict';
const path = require('node:path');
const webpack = require('webpack');

const apps = process.argv.slice(2).length ? process.argv.slice(2) : ['host', 'cart', 'catalog'];
const configs = apps.map((app) => require(path.join(__dirname, 'apps', app, 'webpack.config.js')));
webpack(configs, (error, stats) => {
  if (error) throw error;
  console.log(stats.toString({ preset: 'errors-warnings', colors: false }) || `built ${apps.join(', ')}`);
  if (stats.hasErrors()) process.exitCode = 1;
});
