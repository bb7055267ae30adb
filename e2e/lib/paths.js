'use strict';
const path = require('node:path');

const repo = path.resolve(__dirname, '../..');
module.exports = {
  repo,
  examples: path.join(repo, 'examples'),
  shop: path.join(repo, 'examples/shop'),
  classic: path.join(repo, 'examples/classic'),
  broken: path.join(repo, 'examples/broken'),
  out: path.join(repo, 'e2e/out'),
  // Scratch space of a run: builds per variant and the tree the twins are patched in.
  work: process.env.E2E_WORK ? path.resolve(process.env.E2E_WORK) : path.join(repo, 'e2e/.work'),
};
