#!/usr/bin/env node
// Writes a twin out as a full tree: the shop's sources (no node_modules, no dist) with the twin's
// patch applied. For reading a twin whole, or for pointing a tool (fedscope check) at it.
//
//   node examples/broken/materialize.js <variant> <dest>
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const [variant, dest] = process.argv.slice(2);
if (!variant || !dest) {
  console.error('usage: materialize.js <variant> <dest>');
  process.exit(2);
}
const patch = path.join(__dirname, variant, 'patch.diff');
if (!fs.existsSync(patch)) {
  console.error(`no twin ${variant} (${patch} missing)`);
  process.exit(2);
}
const shop = path.join(__dirname, '..', 'shop');
const target = path.resolve(dest);
fs.rmSync(target, { recursive: true, force: true });
fs.cpSync(shop, target, { recursive: true, filter: (src) => !/(^|[/\\])(node_modules|dist|dist-legacy)$/.test(src) });
execFileSync('git', ['apply', patch], { cwd: target, env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(target) } });
console.log(`${variant}: ${target}`);
