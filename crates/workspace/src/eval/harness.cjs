// fedscope --eval-config harness. Runs ONE bundler config in Node, the way
// the bundler would for a production client build, with every federation
// plugin replaced by a stand-in that records the options it is given.
//
// Started by fedscope as
//   node --experimental-permission --allow-fs-read=* --allow-child-process \
//        harness.cjs '<json: { config, bundler, transformer }>'
// The permission model blocks file writes and worker threads; this file
// blocks the network and child processes for the config's code (it keeps
// the one call it needs itself: the fedscope binary, to turn a workspace
// source file into plain JavaScript). The result is one line on stdout,
// prefixed with RESULT_MARK, whatever the config prints.
'use strict';

const Module = require('module');
const path = require('path');
const fs = require('fs');
const vm = require('vm');
const childProcess = require('child_process');

const RESULT_MARK = '@@fedscope-eval-result@@';
const input = JSON.parse(process.argv[2]);
const execFileSync = childProcess.execFileSync;
const writeOut = process.stdout.write.bind(process.stdout);
void process.stderr; // both streams exist before `net` is blocked (a piped stdio is a net.Socket)

// ---- offline -----------------------------------------------------------------
function blocked(what) {
  return function () {
    throw new Error(`fedscope --eval-config: ${what} is blocked while a config is evaluated`);
  };
}
for (const [mod, names] of [
  ['net', ['connect', 'createConnection', 'createServer']],
  ['tls', ['connect', 'createServer']],
  ['http', ['request', 'get', 'createServer', 'Agent']],
  ['https', ['request', 'get', 'createServer', 'Agent']],
  ['http2', ['connect', 'createServer', 'createSecureServer']],
  ['dgram', ['createSocket']],
  ['dns', ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']],
  ['child_process', ['exec', 'execSync', 'execFile', 'execFileSync', 'spawn', 'spawnSync', 'fork']],
  ['cluster', ['fork']],
]) {
  const m = require(mod);
  for (const n of names) {
    try {
      Object.defineProperty(m, n, { value: blocked(`${mod}.${n}`), writable: true, configurable: true });
    } catch {
      /* a non-configurable export: leave it, the permission model still applies */
    }
  }
}
for (const g of ['fetch', 'WebSocket', 'EventSource']) {
  if (g in globalThis) globalThis[g] = blocked(g);
}

// ---- stand-ins ---------------------------------------------------------------
const STUB = Symbol('fedscope.stub');
/** The key a spread of a stand-in leaves behind (fedscope reads it as "unknown entries here"). */
const UNKNOWN_KEY = '$fedscope-unknown';
const stubInfo = new WeakMap(); // stub -> { label, reason, args }

/** A value from a package that could not be loaded: any use of it gives another stand-in. */
function makeStub(label, reason, args) {
  const target = function () {};
  const proxy = new Proxy(target, {
    get(t, k) {
      if (k === STUB) return true;
      if (k === 'then') return undefined; // not a promise
      if (k === '__esModule') return false;
      if (k === Symbol.toPrimitive) return () => `[${label}]`;
      if (k === Symbol.iterator) return undefined;
      if (typeof k === 'symbol') return undefined;
      if (k === 'prototype') return t.prototype;
      return makeStub(`${label}.${k}`, reason);
    },
    apply(t, self, a) {
      return makeStub(`${label}(…)`, reason, a);
    },
    construct(t, a) {
      return makeStub(`new ${label}(…)`, reason, a);
    },
    set() {
      return true;
    },
    has() {
      return false;
    },
    // `{ ...stub }` and Object.keys(stub): one entry that says what was lost,
    // so a spread of an unknown value is reported, not silently empty
    ownKeys(t) {
      return ['prototype', UNKNOWN_KEY];
    },
    getOwnPropertyDescriptor(t, k) {
      if (k === UNKNOWN_KEY) return { value: proxy, enumerable: true, configurable: true, writable: true };
      return Reflect.getOwnPropertyDescriptor(t, k);
    },
  });
  stubInfo.set(proxy, { label, reason, args: args || [] });
  return proxy;
}
const isStub = (v) => (typeof v === 'function' || (typeof v === 'object' && v !== null)) && stubInfo.has(v);

// ---- federation plugins --------------------------------------------------------
const captures = [];
const context = [];
const localFiles = new Map(); // absolute path -> line map (TS) or null

function callSite() {
  const stack = String(new Error().stack).split('\n');
  for (const frame of stack) {
    const m = /\(?((?:[A-Za-z]:)?\/[^():]+):(\d+):\d+\)?\s*$/.exec(frame);
    if (!m || !localFiles.has(m[1])) continue;
    const lines = localFiles.get(m[1]);
    const line = Number(m[2]);
    return { file: m[1], line: lines && lines.length ? lines[Math.min(line, lines.length) - 1] || line : line };
  }
  return { file: input.config, line: 1 };
}

/** A federation plugin class or factory that records what it is given. */
function capturing(module, exportPath) {
  const name = exportPath[exportPath.length - 1] || 'default';
  const record = (construct, args) => {
    const site = callSite();
    captures.push({
      module,
      path: exportPath,
      construct,
      args: serialize(args),
      file: site.file,
      line: site.line,
      context: context.slice(),
    });
  };
  const fn = {
    [name]: function (...args) {
      record(new.target !== undefined, args);
      if (new.target) {
        this.name = name;
        this.apply = function () {};
        return;
      }
      if (name === 'withNativeFederation' || name === 'createModuleFederationConfig') return args[0];
      // Nx's withModuleFederation gives (a promise of) a function over the bundler config,
      // which composePlugins awaits and calls
      if (/^@(nx|nrwl)\//.test(module) && name !== 'NxModuleFederationPlugin') {
        return function nxModuleFederation(config) {
          return config;
        };
      }
      return { name: `fedscope:${module}`, apply() {}, setup() {}, config() {} };
    },
  }[name];
  return fn;
}

const identity = (x) => x;
const FEDERATION = {
  '@module-federation/enhanced': { named: ['ModuleFederationPlugin'] },
  '@module-federation/enhanced/webpack': { named: ['ModuleFederationPlugin'] },
  '@module-federation/enhanced/rspack': { named: ['ModuleFederationPlugin'] },
  '@module-federation/node': { named: ['UniversalFederationPlugin', 'NodeFederationPlugin'] },
  '@module-federation/nextjs-mf': { main: 'NextFederationPlugin', named: ['NextFederationPlugin'] },
  '@module-federation/rsbuild-plugin': { named: ['pluginModuleFederation'] },
  '@module-federation/vite': { main: 'federation', named: ['federation'] },
  '@originjs/vite-plugin-federation': { main: 'federation', named: ['federation'] },
  '@module-federation/modern-js': { named: ['moduleFederationPlugin'] },
  '@module-federation/modern-js-v3': { named: ['moduleFederationPlugin'] },
  // `module.exports = withModuleFederation` (Nx's CommonJS default export for older generated
  // code, @nx/react 23 `module-federation.js`): the module itself is the function
  '@nx/react/module-federation': {
    main: 'withModuleFederation',
    named: ['withModuleFederation', 'withModuleFederationForSSR'],
  },
  '@nrwl/react/module-federation': {
    main: 'withModuleFederation',
    named: ['withModuleFederation', 'withModuleFederationForSSR'],
  },
  '@angular-architects/module-federation/webpack': { named: ['withModuleFederationPlugin'], overlay: true },
  '@angular-architects/native-federation/config': { named: ['withNativeFederation'], overlay: true },
  '@angular-architects/native-federation': { named: ['withNativeFederation'], overlay: true },
  '@softarc/native-federation/build': { named: ['withNativeFederation'], overlay: true },
  // 4.x has no `/build` export, only `/config`
  '@softarc/native-federation/config': { named: ['withNativeFederation'], overlay: true },
  webpack: { nested: [['container', 'ModuleFederationPlugin']], overlay: true },
  '@rspack/core': {
    nested: [
      ['container', 'ModuleFederationPlugin'],
      ['container', 'ModuleFederationPluginV1'],
      ['rspack', 'container', 'ModuleFederationPlugin'],
      ['rspack', 'container', 'ModuleFederationPluginV1'],
    ],
    overlay: true,
    identity: ['defineConfig'],
  },
  'webpack/lib/container/ModuleFederationPlugin': { main: '' },
};
const IDENTITY = {
  vite: ['defineConfig'],
  'vitest/config': ['defineConfig'],
  '@rsbuild/core': ['defineConfig'],
  '@modern-js/app-tools': ['defineConfig'],
  '@rspack/cli': ['defineConfig'],
  '@module-federation/modern-js/config': ['defineConfig', 'createModuleFederationConfig'],
};
function federationSpec(request, fromWorkspace) {
  if (FEDERATION[request]) return FEDERATION[request];
  if (/^@(nx|nrwl)\//.test(request)) {
    return { named: ['withModuleFederation', 'withModuleFederationForSSR', 'NxModuleFederationPlugin'], overlay: true };
  }
  if (IDENTITY[request]) return { overlay: true, identity: IDENTITY[request] };
  if (fromWorkspace && request.startsWith('@module-federation/')) {
    return { overlay: true, identity: ['createModuleFederationConfig'] };
  }
  return null;
}

/** `base` with `patches` (own name -> value) in front: a getter per real property, so lazy exports stay lazy. */
function withPatches(base, patches) {
  const callable = typeof base === 'function';
  const out = callable
    ? function (...a) {
        return new.target ? Reflect.construct(base, a) : base.apply(this, a);
      }
    : {};
  const names = new Set(isStub(base) ? [] : Reflect.ownKeys(base).filter((k) => typeof k === 'string'));
  for (const k of names) {
    if (k in patches || k === 'length' || k === 'name' || k === 'prototype' || k === 'caller' || k === 'arguments')
      continue;
    Object.defineProperty(out, k, { get: () => base[k], enumerable: true, configurable: true });
  }
  for (const [k, v] of Object.entries(patches)) {
    Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
  }
  if (isStub(base)) {
    const p = new Proxy(out, {
      get(t, k) {
        if (k in t || typeof k === 'symbol') return t[k];
        return base[k];
      },
    });
    stubBacked.add(p);
    return p;
  }
  return out;
}
/** Patched modules over a package that could not be loaded: every name reads through to the stand-in. */
const stubBacked = new WeakSet();

const patched = new Map();
function federationModule(request, realLoad) {
  if (patched.has(request)) return patched.get(request);
  const spec = federationSpec(request, true);
  let base;
  if (spec.overlay) {
    try {
      base = realLoad();
    } catch (e) {
      base = makeStub(request, `${request} could not be loaded (${firstLine(e)})`);
    }
  } else {
    base = makeStub(request, `${request} is replaced by fedscope's stand-in`);
  }
  const patches = {};
  for (const n of spec.named || []) patches[n] = capturing(request, [n]);
  for (const n of spec.identity || []) patches[n] = identity;
  if (request.startsWith('@module-federation/')) patches.createModuleFederationConfig = identity;
  for (const p of spec.nested || []) {
    // build the chain of patched objects: webpack.container.ModuleFederationPlugin
    let obj = patches;
    let real = base;
    for (let i = 0; i < p.length - 1; i++) {
      real = real == null ? undefined : safeGet(real, p[i]);
      if (!obj[p[i]] || !obj[p[i]].__fedscopePatch) {
        obj[p[i]] = { __fedscopePatch: true, real, patches: {} };
      }
      obj = obj[p[i]].patches;
    }
    obj[p[p.length - 1]] = capturing(request, p);
  }
  const build = (b, ps) => {
    const flat = {};
    for (const [k, v] of Object.entries(ps)) {
      flat[k] = v && v.__fedscopePatch ? build(v.real == null ? makeStub(`${request}.${k}`, 'missing') : v.real, v.patches) : v;
    }
    return withPatches(b, flat);
  };
  let out;
  if (spec.main !== undefined) {
    out = capturing(request, []);
    for (const [k, v] of Object.entries(patches)) out[k] = v;
    out.default = out;
  } else {
    out = build(base, patches);
    if (!('default' in patches) && isStub(base)) {
      Object.defineProperty(out, 'default', { value: out, enumerable: false, configurable: true, writable: true });
    }
  }
  patched.set(request, out);
  return out;
}

function safeGet(o, k) {
  try {
    return o[k];
  } catch {
    return undefined;
  }
}
function firstLine(e) {
  return String((e && e.message) || e).split('\n')[0];
}

// every require, the packages' own included, sees the stand-ins
const realLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (federationSpec(request)) {
    return federationModule(request, () => realLoad.call(this, request, parent, isMain));
  }
  return realLoad.apply(this, arguments);
};

// ---- the workspace's own files -----------------------------------------------------
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];
const modules = new Map(); // path -> { exports (CJS), namespace (ESM), esm, loaded }

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
function resolveLocal(dir, spec) {
  const base = path.resolve(dir, spec);
  if (isFile(base)) return base;
  for (const e of EXTENSIONS) if (isFile(base + e)) return base + e;
  // TypeScript's `./x.js` naming `./x.ts`
  const m = /\.(c|m)?js$/.exec(base);
  if (m) {
    const stem = base.slice(0, -m[0].length);
    for (const e of ['.ts', '.tsx', '.mts', '.cts']) if (isFile(stem + e)) return stem + e;
  }
  for (const e of EXTENSIONS) if (isFile(path.join(base, 'index' + e))) return path.join(base, 'index' + e);
  const pj = path.join(base, 'package.json');
  if (isFile(pj)) {
    try {
      const main = JSON.parse(fs.readFileSync(pj, 'utf8')).main;
      if (main) return resolveLocal(base, './' + main);
    } catch {
      /* fall through */
    }
  }
  return null;
}

const isSource = (p) => /\.(c|m)?(j|t)sx?$/.test(p) && !p.split(path.sep).includes('node_modules');

function interop(m) {
  if (isStub(m) || stubBacked.has(m)) {
    return new Proxy(
      {},
      {
        get(t, k) {
          if (k === 'default') return m;
          if (typeof k === 'symbol' || k === 'then') return undefined;
          return m[k];
        },
        has(t, k) {
          return k === 'default';
        },
      },
    );
  }
  if (m && typeof m === 'object' && m[Symbol.toStringTag] === 'Module') return m;
  if (m && m.__esModule) return m;
  const ns = Object.create(null);
  if (m !== null && (typeof m === 'object' || typeof m === 'function')) {
    for (const k of Object.keys(m)) {
      if (k !== 'default') Object.defineProperty(ns, k, { get: () => m[k], enumerable: true });
    }
  }
  // as Node's import of CommonJS: `default` is module.exports, whatever it holds
  Object.defineProperty(ns, 'default', { value: m, enumerable: true });
  return ns;
}

function requireFrom(fromFile, spec) {
  if (spec.startsWith('node:') || Module.isBuiltin(spec)) return require(spec);
  if (federationSpec(spec, true)) {
    const req = Module.createRequire(fromFile);
    return federationModule(spec, () => realLoad(req.resolve(spec), null, false));
  }
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const p = resolveLocal(path.dirname(fromFile), spec);
    if (!p) throw new Error(`Cannot find module '${spec}' from ${fromFile}`);
    if (p.endsWith('.json')) return JSON.parse(fs.readFileSync(p, 'utf8'));
    if (isSource(p)) return runFile(p).result;
    return Module.createRequire(fromFile)(p);
  }
  const req = Module.createRequire(fromFile);
  let resolved;
  try {
    resolved = req.resolve(spec);
  } catch (e) {
    return makeStub(spec, `${spec} is not installed (${firstLine(e)})`);
  }
  if (isSource(fs.realpathSync(resolved))) return runFile(fs.realpathSync(resolved)).result;
  try {
    return req(spec);
  } catch (e) {
    return makeStub(spec, `${spec} could not be loaded (${firstLine(e)})`);
  }
}

function transform(file) {
  let out;
  try {
    out = execFileSync(input.transformer, ['__transform', file], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    throw new Error(String(e.stderr || e.message).trim());
  }
  return JSON.parse(out);
}

function runFile(file) {
  // as Node loads a module: from its real path (a symlinked config's relative requires and
  // `__dirname` are its target's)
  try {
    file = fs.realpathSync(file);
  } catch {
    /* read errors are reported by the transform */
  }
  const known = modules.get(file);
  if (known) return known;
  const t = transform(file);
  localFiles.set(file, t.lines);
  const mod = { exports: {}, namespace: null, esm: t.esm, loaded: false };
  const fsExports = Object.create(null);
  Object.defineProperty(fsExports, Symbol.toStringTag, { value: 'Module' });
  mod.namespace = fsExports;
  const record = {
    get result() {
      if (mod.esm) return fsExports;
      return mod.module.exports;
    },
    get namespace() {
      return mod.esm ? fsExports : interop(mod.module.exports);
    },
  };
  modules.set(file, record);
  mod.module = { exports: mod.exports, filename: file, id: file, loaded: false, paths: [] };
  const req = (spec) => requireFrom(file, spec);
  req.resolve = (spec) => {
    if (spec.startsWith('.') || path.isAbsolute(spec)) {
      const p = resolveLocal(path.dirname(file), spec);
      if (!p) throw new Error(`Cannot find module '${spec}' from ${file}`);
      return p;
    }
    try {
      return Module.createRequire(file).resolve(spec);
    } catch {
      // a package that is not installed: its request, as the static pass writes it
      return spec;
    }
  };
  req.cache = Object.create(null);
  const fsImport = (spec) => {
    const r = requireFrom(file, spec);
    if (spec.startsWith('.') || path.isAbsolute(spec)) {
      const p = resolveLocal(path.dirname(file), spec);
      if (p && isSource(p)) return (modules.get(p) || runFile(p)).namespace;
    }
    return interop(r);
  };
  const fsDynamic = (spec) => {
    try {
      return Promise.resolve(fsImport(spec));
    } catch (e) {
      return Promise.reject(e);
    }
  };
  const fsExport = (target, getters) => {
    for (const [k, g] of Object.entries(getters)) Object.defineProperty(target, k, { get: g, enumerable: true });
  };
  const fsExportAll = (target, ns) => {
    for (const k of Object.keys(ns)) {
      if (k !== 'default' && !(k in target)) Object.defineProperty(target, k, { get: () => ns[k], enumerable: true });
    }
  };
  const meta = { url: require('url').pathToFileURL(file).href, filename: file, dirname: path.dirname(file) };
  meta.resolve = (s) => {
    const r = req.resolve(s);
    return path.isAbsolute(r) ? require('url').pathToFileURL(r).href : r;
  };
  const params =
    '__fs_import, __fs_dynamic, __fs_exports, __fs_export, __fs_exportAll, __fs_meta, require, module, exports, __filename, __dirname';
  const wrapper = `(${t.tla ? 'async ' : ''}function (${params}) {${t.code}\n})`;
  const fn = vm.runInThisContext(wrapper, { filename: file });
  const ret = fn.call(
    mod.esm ? undefined : mod.module.exports,
    fsImport,
    fsDynamic,
    fsExports,
    fsExport,
    fsExportAll,
    meta,
    req,
    mod.module,
    mod.module.exports,
    file,
    path.dirname(file),
  );
  record.pending = ret;
  mod.loaded = true;
  return record;
}

// ---- values out ------------------------------------------------------------------
function serialize(v, seen = new Set(), budget = { n: 50000 }) {
  if (v === undefined) return { $fs: 'undefined' };
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $fs: 'number', text: String(v) };
  if (typeof v === 'symbol' || typeof v === 'bigint') return { $fs: typeof v, text: String(v) };
  if (isStub(v)) {
    const i = stubInfo.get(v);
    return { $fs: 'stub', label: i.label, reason: i.reason };
  }
  if (typeof v === 'function') return { $fs: 'function', name: v.name || '' };
  if (seen.has(v)) return { $fs: 'cycle' };
  if (budget.n-- <= 0) return { $fs: 'truncated' };
  seen.add(v);
  let out;
  try {
    if (Array.isArray(v)) {
      out = v.map((x) => serialize(x, seen, budget));
    } else if (v instanceof RegExp) {
      out = { $fs: 'regexp', text: String(v) };
    } else if (typeof v.then === 'function') {
      out = { $fs: 'promise' };
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        out = { $fs: 'instance', name: (v.constructor && v.constructor.name) || '' };
      } else {
        out = {};
        for (const k of Object.keys(v)) {
          let x;
          try {
            x = v[k];
          } catch (e) {
            x = makeStub(k, `reading it threw: ${firstLine(e)}`);
          }
          out[k] = serialize(x, seen, budget);
        }
      }
    }
  } finally {
    seen.delete(v);
  }
  return out;
}

// ---- the bundler's calls ------------------------------------------------------------
const production = { command: 'build', mode: 'production', env: 'production' };

async function inContext(label, f) {
  context.push(label);
  try {
    return await f();
  } finally {
    context.pop();
  }
}

/** `withX(config)` of a package that could not be loaded: its one object argument (as the static pass does). */
function plainObjectArg(stub) {
  const info = stubInfo.get(stub);
  const objects = info ? info.args.filter((a) => a && typeof a === 'object' && !isStub(a) && !Array.isArray(a)) : [];
  return objects.length === 1 ? objects[0] : undefined;
}

async function main() {
  const rec = runFile(input.config);
  if (rec.pending && typeof rec.pending.then === 'function') await rec.pending;
  const ns = rec.namespace;
  let cfg = 'default' in ns ? ns.default : ns;
  if (cfg && cfg.__esModule && 'default' in cfg) cfg = cfg.default;
  if (typeof cfg === 'function' && !isStub(cfg)) {
    const args =
      input.bundler === 'webpack' || input.bundler === 'rspack' || input.bundler === 'nx'
        ? [{}, { mode: 'production' }]
        : input.bundler === 'next'
          ? ['phase-production-build', { defaultConfig: {} }]
          : [Object.assign({}, production)];
    cfg = await inContext(`${cfg.name || 'config'}(…) for a production build`, () => cfg(...args));
  }
  cfg = await cfg;
  // a config wrapped by a plugin that is not installed (withNx, withSentry): the object inside
  if (isStub(cfg)) cfg = plainObjectArg(cfg) || cfg;
  const hooks =
    input.bundler === 'next'
      ? [['webpack']]
      : input.bundler === 'rsbuild' || input.bundler === 'modernjs'
        ? [
            ['tools', 'rspack'],
            ['tools', 'webpack'],
            ['tools', 'bundlerChain'],
          ]
        : [['configureWebpack']];
  for (const hook of hooks) {
    let v = cfg;
    for (const k of hook) v = v && typeof v === 'object' ? safeGet(v, k) : undefined;
    const fns = typeof v === 'function' ? [v] : Array.isArray(v) ? v.filter((x) => typeof x === 'function') : [];
    for (const f of fns) {
      const bundlerNs = (name) => requireFrom(input.config, name);
      const utils = {
        isServer: false,
        dev: false,
        isProd: true,
        env: 'production',
        appendPlugins: () => {},
        rspack: bundlerNs('@rspack/core'),
        webpack: bundlerNs('webpack'),
      };
      const stub = {
        plugins: [],
        resolve: { alias: {}, extensions: [], fallback: {} },
        output: {},
        module: { rules: [] },
        experiments: {},
        optimization: {},
        externals: [],
        entry: {},
      };
      await inContext(`${hook.join('.')}(config, { isServer: false })`, () => f(stub, utils));
    }
  }
  return { ok: true, config: serialize(cfg), captures };
}

main().then(
  (r) => writeOut(`\n${RESULT_MARK}${JSON.stringify(r)}\n`),
  (e) => {
    const site = e && e.stack ? String(e.stack).split('\n').slice(0, 6).join('\n') : String(e);
    writeOut(`\n${RESULT_MARK}${JSON.stringify({ ok: false, error: firstLine(e), stack: site, captures })}\n`);
  },
);
