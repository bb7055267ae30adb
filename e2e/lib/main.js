'use strict';
// e2e/run's Node part: build every variant, serve it on 127.0.0.1, drive Chromium through the
// scripted session, write e2e/out/<variant>.truth.json and .png, check the expectations.
//
//   node e2e/lib/main.js [--only shop,store-split-instance] [--skip-build]
//   node e2e/lib/main.js --serve shop      build one variant and serve it until Ctrl-C (no browser)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const paths = require('./paths');
const { StaticPort } = require('./serve');
const { makeTree, gitApply, touchedApps } = require('./tree');
const { buildRspack, buildWebpack } = require('./build');
const { allVariants, SHOP_APPS, CLASSIC_APPS } = require('./variants');
const { shopSession } = require('./session');
const { readPage } = require('./inspect');
const { buildTruth } = require('./truth');
const { expectations } = require('./expectations');

const t0 = Date.now();
const log = (message) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${message}`);

function parseArgs(argv) {
  const args = { only: null, skipBuild: false, serve: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') args.only = argv[++i].split(',');
    else if (argv[i] === '--skip-build') args.skipBuild = true;
    else if (argv[i] === '--serve') args.serve = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

// Where each app of each variant is built: { variant: { app: dir } }.
async function buildAll(variants, skipBuild) {
  const dist = (variant, app) => path.join(paths.work, 'dist', variant, app);
  const layout = {};
  const shopApps = SHOP_APPS.map((app) => ({ app, config: path.join(paths.shop, 'apps', app, 'rspack.config.js'), out: dist('shop', app) }));
  const needShop = variants.some((v) => v.source !== 'classic');
  if (needShop && !skipBuild) {
    log(`build shop (${SHOP_APPS.join(', ')}) with Rspack`);
    await buildRspack(shopApps, paths.shop);
  }
  for (const variant of variants) {
    if (variant.source === 'shop') layout[variant.name] = Object.fromEntries(shopApps.map((a) => [a.app, a.out]));
  }
  if (variants.some((v) => v.source === 'classic')) {
    const classicApps = CLASSIC_APPS.map((app) => ({ app, config: path.join(paths.classic, 'apps', app, 'webpack.config.js'), out: dist('shop-classic', app) }));
    if (!skipBuild) {
      log(`build shop-classic (${CLASSIC_APPS.join(', ')}) with webpack`);
      await buildWebpack(classicApps, paths.classic);
    }
    layout['shop-classic'] = Object.fromEntries(classicApps.map((a) => [a.app, a.out]));
  }
  const twins = variants.filter((v) => v.source === 'twin');
  if (twins.length) {
    const tree = path.join(paths.work, 'tree');
    if (!skipBuild) makeTree(paths.shop, tree);
    for (const twin of twins) {
      const changed = touchedApps(fs.readFileSync(twin.patch, 'utf8'), SHOP_APPS);
      layout[twin.name] = Object.fromEntries(SHOP_APPS.map((app) => [app, changed.includes(app) ? dist(twin.name, app) : dist('shop', app)]));
      // A twin may add a deployment of its own (twin.json "extraApps": { name: { config, port } }).
      const extra = Object.entries(twin.extraApps ?? {}).map(([name, { config }]) => ({ app: name, config: path.join(tree, config), out: dist(twin.name, name) }));
      for (const { app, out } of extra) layout[twin.name][app] = out;
      if (skipBuild) continue;
      log(`build ${twin.name}: patch, rebuild ${changed.join(', ')} (the other apps are the shop's builds)`);
      gitApply(tree, twin.patch, false);
      try {
        await buildRspack([...changed.map((app) => ({ app, config: path.join(tree, 'apps', app, 'rspack.config.js'), out: dist(twin.name, app) })), ...extra], tree);
      } finally {
        gitApply(tree, twin.patch, true);
      }
    }
  }
  return layout;
}

async function launchBrowser() {
  const { chromium } = require('playwright-core');
  // Playwright gives every launch a fresh temporary --user-data-dir; each variant gets a new context.
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

const api = {
  origin: 'http://127.0.0.1:3900',
  async counts() {
    return (await fetch(`${this.origin}/__counts`)).json();
  },
  async reset() {
    await fetch(`${this.origin}/__reset`, { method: 'POST' });
  },
};

async function runVariant(variant, layout, browser, servers) {
  log(`run ${variant.name}${variant.rule ? ` (rule ${variant.rule})` : ''}`);
  await api.reset();
  const ports = variant.ports;
  const dirs = layout[variant.name];
  // Serve every app but recs (down until part 2 of the session); the CDN ports are never served.
  const portOf = (role) => {
    const key = `${variant.flavour}:${role}`;
    servers[key] ??= new StaticPort(ports[role]);
    return servers[key];
  };
  for (const [role, port] of Object.entries(servers)) if (!role.startsWith(`${variant.flavour}:`)) await port.serve(null);
  for (const role of ['host', 'cart', 'catalog']) await portOf(role).serve(dirs[role]);
  await portOf('recs').serve(null);
  const extras = Object.entries(variant.extraApps ?? {}).map(([name, { port }]) => [name, new StaticPort(port)]);
  for (const [name, port] of extras) await port.serve(dirs[name]);

  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const events = [];
  const network = { failed: [], ok: [] };
  context.on('requestfailed', (r) => network.failed.push({ url: r.url(), error: r.failure()?.errorText }));
  context.on('response', (r) => r.ok() && network.ok.push(r.url()));
  const openPage = async () => {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') events.push({ kind: 'error', text: m.text() });
      else if (m.type() === 'warning') events.push({ kind: 'warning', text: m.text() });
    });
    page.on('pageerror', (e) => {
      const text = e.name ? `${e.name}: ${e.message}` : String(e);
      events.push({ kind: 'error', text: text.startsWith('Uncaught') ? text : `Uncaught ${text}` });
    });
    return page;
  };
  const ctx = {
    flavour: variant.flavour,
    ports,
    api,
    network,
    openPage,
    log,
    serve: (role) => portOf(role).serve(dirs[role] ?? null),
  };
  let result;
  try {
    result = await shopSession(ctx);
    const pages = [];
    for (const page of result.pages) pages.push(await page.evaluate(readPage));
    const requests = await api.counts();
    const truth = buildTruth({ variant, pages, behaviours: result.behaviours, requests, events });
    fs.writeFileSync(path.join(paths.out, `${variant.name}.truth.json`), `${JSON.stringify(truth, null, 2)}\n`);
    await result.screenshotPage.screenshot({ path: path.join(paths.out, `${variant.name}.png`) });
    return truth;
  } finally {
    await context.close();
    for (const [, port] of extras) await port.serve(null);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let variants = allVariants();
  if (args.serve) args.only = [args.serve];
  if (args.only) {
    const unknown = args.only.filter((n) => !variants.some((v) => v.name === n));
    if (unknown.length) throw new Error(`unknown variant(s): ${unknown.join(', ')}`);
    variants = variants.filter((v) => args.only.includes(v.name));
  }
  fs.mkdirSync(paths.out, { recursive: true });
  const layout = await buildAll(variants, args.skipBuild);
  log('builds done');

  const apiServer = require(path.join(paths.shop, 'api/server.js'));
  await new Promise((resolve) => (apiServer.listening ? resolve() : apiServer.once('listening', resolve)));
  if (args.serve) {
    const variant = variants[0];
    for (const [role, dir] of Object.entries(layout[variant.name])) {
      const port = variant.ports[role] ?? variant.extraApps?.[role]?.port;
      await new StaticPort(port).serve(dir);
      log(`${role}: http://127.0.0.1:${port}/ (${path.relative(paths.repo, dir)})`);
    }
    log(`open http://127.0.0.1:${variant.ports.host}/ — Ctrl-C to stop`);
    return;
  }
  const browser = await launchBrowser();
  const servers = {};
  const summary = [];
  try {
    for (const variant of variants) {
      const started = Date.now();
      let failures;
      let truth;
      try {
        truth = await runVariant(variant, layout, browser, servers);
        const check = expectations[variant.name];
        failures = check ? check(truth) : [`no expectations for variant ${variant.name} in e2e/lib/expectations.js`];
        // A twin must be told apart from the shop: the shop's own checks have to fail on it.
        if (variant.source === 'twin' && expectations.shop(truth).length === 0) failures.push('the shop\'s checks pass on this twin: its mistake does not show');
      } catch (error) {
        failures = [`harness error: ${error.stack ?? error}`];
      }
      summary.push({ variant, truth, failures, seconds: (Date.now() - started) / 1000 });
      for (const f of failures) log(`  ✗ ${f}`);
    }
  } finally {
    await browser.close();
    for (const port of Object.values(servers)) await port.serve(null);
    apiServer.close();
  }

  console.log('\ne2e summary');
  for (const { variant, truth, failures, seconds } of summary) {
    const held = truth ? truth.behaviours.filter((b) => b.ok).length : 0;
    const total = truth ? truth.behaviours.length : 0;
    const libs = truth ? Object.entries(truth.libraries).filter(([, l]) => l.instances > 1).map(([k, l]) => `${k}×${l.instances}`) : [];
    const state = truth ? truth.state.filter((s) => s.instances > 1).map((s) => `${s.name}×${s.instances}`) : [];
    const dup = [...libs, ...state].join(' ') || 'one instance of everything';
    console.log(
      `  ${failures.length ? 'FAIL' : 'pass'}  ${variant.name.padEnd(34)} ${String(held).padStart(2)}/${total} behaviours hold · ${dup} · ${truth?.errors.length ?? '?'} errors · ${seconds.toFixed(1)}s`,
    );
  }
  const failed = summary.filter((s) => s.failures.length).length;
  console.log(`${summary.length - failed} passed, ${failed} failed`);
  log('done');
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error.stack ?? error);
  process.exitCode = 2;
});
