'use strict';
// A scratch copy of examples/shop in which each twin's patch is applied, built, and reverted.
// Sources are copied; node_modules are not: the root node_modules becomes a symlink to the shop's,
// and each package's node_modules (pnpm: a folder of relative symlinks) is copied as symlinks, so
// workspace packages resolve to the patched copies and everything else to the one install.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

function makeTree(src, dst) {
  fs.rmSync(dst, { recursive: true, force: true });
  fs.mkdirSync(dst, { recursive: true });
  const walk = (from, to, depth) => {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const a = path.join(from, entry.name);
      const b = path.join(to, entry.name);
      if (entry.name === 'dist') continue;
      if (entry.name === 'node_modules') {
        if (depth === 0) fs.symlinkSync(a, b, 'dir');
        else fs.cpSync(a, b, { recursive: true, verbatimSymlinks: true });
      } else if (entry.isDirectory()) {
        fs.mkdirSync(b);
        walk(a, b, depth + 1);
      } else if (entry.isFile()) {
        fs.copyFileSync(a, b);
      }
    }
  };
  walk(src, dst, 0);
  return dst;
}

// git apply, kept from discovering the enclosing repository (the tree may live inside it).
function gitApply(tree, patch, reverse) {
  const args = ['apply', '--whitespace=nowarn', ...(reverse ? ['-R'] : []), patch];
  execFileSync('git', args, { cwd: tree, env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(tree) }, stdio: 'pipe' });
}

// The apps a patch touches: apps/<app>/… directly; a shared package or the workspace root: all apps.
function touchedApps(patchText, allApps) {
  const files = [...patchText.matchAll(/^\+\+\+ b\/(\S+)/gm)].map((m) => m[1]);
  const apps = new Set();
  for (const file of files) {
    const m = file.match(/^apps\/([^/]+)\//);
    if (m) apps.add(m[1]);
    else allApps.forEach((app) => apps.add(app));
  }
  return [...apps].filter((app) => allApps.includes(app));
}

module.exports = { makeTree, gitApply, touchedApps };
