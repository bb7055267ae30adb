'use strict';
// The variants the harness runs: the shop, its classic-webpack build, and one twin per folder of
// examples/broken (each a patch of the shop plus twin.json naming the rule it demonstrates).
const fs = require('node:fs');
const path = require('node:path');
const paths = require('./paths');

const MF2_PORTS = { host: 3000, cart: 3001, catalog: 3002, recs: 3003, cartCdn: 3501 };
const CLASSIC_PORTS = { host: 3100, cart: 3101, catalog: 3102, recs: 3103 };
const SHOP_APPS = ['host', 'cart', 'catalog', 'recs'];
const CLASSIC_APPS = ['host', 'cart', 'catalog'];

function twins() {
  if (!fs.existsSync(paths.broken)) return [];
  return fs
    .readdirSync(paths.broken, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(paths.broken, name);
      const meta = JSON.parse(fs.readFileSync(path.join(dir, 'twin.json'), 'utf8'));
      return { name, runtime: 'mf2', flavour: 'mf2', source: 'twin', ports: MF2_PORTS, patch: path.join(dir, 'patch.diff'), ...meta };
    });
}

function allVariants() {
  return [
    { name: 'shop', runtime: 'mf2', flavour: 'mf2', source: 'shop', ports: MF2_PORTS },
    { name: 'shop-classic', runtime: 'webpack', flavour: 'classic', source: 'classic', ports: CLASSIC_PORTS },
    ...twins(),
  ];
}

module.exports = { allVariants, MF2_PORTS, CLASSIC_PORTS, SHOP_APPS, CLASSIC_APPS };
