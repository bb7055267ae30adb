"use strict";
// Runs a scenario on the real Module Federation 2 runtime.
//
// @module-federation/runtime (runtime-core) 2.9.3 and the real
// @module-federation/webpack-bundler-runtime 2.9.3 do all the share-scope work.
// What an @module-federation/enhanced build would generate around them is
// emulated here, following the generated code of a real enhanced 2.9.3 build:
// a `__webpack_require__` per build (module registry, cache, chunk handlers),
// `__webpack_require__.federation` with `initOptions` (name, remotes: [],
// shareStrategy, shared: [{ version, get, scope, shareConfig }]), `.I` calling
// `bundlerRuntime.I`, `consumesLoadingData` read by `bundlerRuntime.consumes`
// and `installInitialConsumes`, the federation entry's startup
// (`bundlerRuntime.init`, `attachShareScopeMap`, `installInitialConsumes`), and
// the container entry's `get` / `init` (`bundlerRuntime.initContainerEntry`).
//
// Each scenario gets a fresh copy of the runtime packages and of the page's
// globals (`__FEDERATION__`), like a fresh page.
const fs = require("fs");
const path = require("path");
const { Recorder, captured, sharedModuleSources, providedVersion, normalize } = require("./harness.cjs");

// node_modules/@module-federation: every package of the runtime family
const MF_DIR = path.resolve(path.dirname(require.resolve("@module-federation/runtime-core")), "../..");

function freshRuntime() {
	for (const id of Object.keys(require.cache)) {
		if (id.startsWith(MF_DIR + path.sep)) delete require.cache[id];
	}
	// The page globals are non-configurable once defined: empty them instead, and
	// runtime-core fills in a fresh page's defaults when it loads again.
	for (const g of ["__FEDERATION__", "__GLOBAL_LOADING_REMOTE_ENTRY__"]) {
		const obj = globalThis[g];
		if (obj) for (const key of Object.keys(obj)) delete obj[key];
	}
	const bundler = require("@module-federation/webpack-bundler-runtime");
	return bundler.default;
}

// runtime-core's createRemoteEntryInitOptions (what Module.init hands a remote's
// init) is not exported: evaluate its own source from the shipped dist file.
const createRemoteEntryInitOptions = (() => {
	const file = path.join(path.dirname(require.resolve("@module-federation/runtime-core")), "module/index.cjs");
	const src = fs.readFileSync(file, "utf8");
	const start = src.indexOf("function createRemoteEntryInitOptions(");
	const end = src.indexOf("\nvar Module = class", start);
	if (start < 0 || end < 0) throw new Error(`createRemoteEntryInitOptions not found in ${file}`);
	// eslint-disable-next-line no-new-func
	return new Function(`${src.slice(start, end)}\nreturn createRemoteEntryInitOptions;`)();
})();

const consumeId = (cfg, key) => `webpack/sharing/consume/${[].concat(cfg.shareScope).join("|")}/${key}`;

/** One build: its `__webpack_require__`, container entry and startup. */
function makeBuild(container, scenario, federation, steps) {
	const modules = {};
	const cache = {};
	// webpack 5's __webpack_require__ (no strictModuleExceptionHandling)
	const wr = (moduleId) => {
		const cached = cache[moduleId];
		if (cached !== undefined) return cached.exports;
		const module = (cache[moduleId] = { exports: {} });
		modules[moduleId](module, module.exports, wr);
		return module.exports;
	};
	wr.m = modules;
	wr.c = cache;
	wr.o = (obj, prop) => Object.prototype.hasOwnProperty.call(obj, prop);
	wr.f = {};
	wr.e = (chunkId) =>
		Promise.all(
			Object.keys(wr.f).reduce((promises, key) => {
				wr.f[key](chunkId, promises);
				return promises;
			}, [])
		);

	const keys = Object.keys(container.shared);
	const moduleMap = {};
	const shared = {};
	const consumeData = {};
	const chunkMapping = {};
	const initialConsumes = [];
	keys.forEach((key, i) => {
		const cfg = container.shared[key];
		const dir = `./lib/k${i}`;
		if (cfg.import) {
			const version = providedVersion(cfg);
			const src = sharedModuleSources(container, key, cfg.version);
			const load = (file, code) => {
				// eslint-disable-next-line no-new-func
				modules[`${dir}/${file}`] = new Function("module", "exports", "require", code.replace(/require\("\.\/impl\.js"\)/, `require(${JSON.stringify(`${dir}/impl.js`)})`));
			};
			load("impl.js", src.impl);
			load("provide.js", src.provide);
			load("fallback.js", src.fallback);
			const factory = (file, chunk) =>
				cfg.eager ? () => () => wr(`${dir}/${file}`) : () => wr.e(chunk).then(() => () => wr(`${dir}/${file}`));
			const shareConfig = { eager: cfg.eager, singleton: cfg.singleton, layer: null };
			if (cfg.requiredVersion !== undefined) shareConfig.requiredVersion = cfg.requiredVersion;
			if (cfg.strictVersion !== undefined) shareConfig.strictVersion = cfg.strictVersion;
			const entry = { version, get: factory("provide.js", `provide_k${i}`), scope: [].concat(cfg.shareScope), shareConfig };
			if (cfg.strategy !== undefined) entry.strategy = cfg.strategy;
			shared[key] = [entry];
			consumeData[consumeId(cfg, key)] = { fallback: factory("fallback.js", `fallback_k${i}`) };
		} else {
			// @module-federation/enhanced's ConsumeSharedModule for `import: false`
			consumeData[consumeId(cfg, key)] = {
				fallback: () => () => {
					throw new Error(`Can not get '${key}'`);
				}
			};
		}
		Object.assign(consumeData[consumeId(cfg, key)], {
			shareScope: [].concat(cfg.shareScope),
			singleton: cfg.singleton,
			requiredVersion: cfg.requiredVersion === undefined ? false : cfg.requiredVersion,
			strictVersion: typeof cfg.strictVersion === "boolean" ? cfg.strictVersion : cfg.import && !cfg.singleton,
			eager: cfg.eager,
			layer: undefined,
			shareKey: key
		});
	});
	steps.forEach((step, n) => {
		if (step.op !== "load" || scenario.byId.get(step.container) !== container.index) return;
		const id = consumeId(container.shared[step.shared], step.shared);
		if (step.mode === "sync") {
			if (!initialConsumes.includes(id)) initialConsumes.push(id);
		} else {
			modules[`./src/s${n}.js`] = (module) => {
				module.exports = wr(id);
			};
			chunkMapping[`s${n}`] = [id];
			moduleMap[`./s${n}`] = () => wr.e(`s${n}`).then(() => () => wr(`./src/s${n}.js`));
		}
	});

	// webpack/runtime/federation runtime
	wr.federation = {
		initOptions: { name: container.name, remotes: [], shareStrategy: scenario.shareStrategy },
		chunkMatcher: () => true,
		rootOutputDir: "",
		bundlerRuntimeOptions: {
			remotes: { remoteInfos: {}, webpackRequire: wr, idToRemoteMap: {}, chunkMapping: {}, idToExternalAndNameMapping: {} }
		}
	};
	wr.consumesLoadingData = {};
	wr.remotesLoadingData = {};
	// webpack/runtime/sharing
	wr.federation.initOptions.shared = shared;
	wr.S = {};
	const initPromises = {};
	const initTokens = {};
	wr.I = (name, initScope) =>
		wr.federation.bundlerRuntime.I({ shareScopeName: name, webpackRequire: wr, initPromises, initTokens, initScope });
	// webpack/runtime/consumes
	const installedModules = {};
	wr.consumesLoadingData.moduleIdToConsumeDataMapping = consumeData;
	const moduleToHandlerMapping = {};
	wr.consumesLoadingData.initialConsumes = initialConsumes;
	wr.federation.installInitialConsumes = (options) =>
		wr.federation.bundlerRuntime.installInitialConsumes({
			initialConsumes: wr.consumesLoadingData.initialConsumes,
			installedModules,
			moduleToHandlerMapping,
			webpackRequire: wr,
			asyncLoad: typeof options === "object" ? options.asyncLoad : undefined
		});
	wr.consumesLoadingData.chunkMapping = chunkMapping;
	wr.f.consumes = (chunkId, promises) => {
		wr.federation.bundlerRuntime.consumes({
			chunkMapping: wr.consumesLoadingData.chunkMapping,
			installedModules,
			chunkId,
			moduleToHandlerMapping,
			promises,
			webpackRequire: wr
		});
	};

	// the container entry (ContainerEntryModule as enhanced generates it)
	const entry = {
		get: (module) =>
			wr.o(moduleMap, module)
				? moduleMap[module]()
				: Promise.resolve().then(() => {
						throw new Error(`Module "${module}" does not exist in container.`);
					}),
		init: (shareScope, initScope, remoteEntryInitOptions) =>
			wr.federation.bundlerRuntime.initContainerEntry({
				webpackRequire: wr,
				shareScope,
				initScope,
				remoteEntryInitOptions,
				shareScopeKey: "default"
			})
	};

	let started = false;
	const start = () => {
		if (started) return;
		started = true;
		// the federation entry module (node_modules/.federation/entry.*.js)
		if (!wr.federation.runtime || !wr.federation.bundlerRuntime) {
			const prevFederation = wr.federation;
			wr.federation = {};
			for (const key in federation) wr.federation[key] = federation[key];
			for (const key in prevFederation) wr.federation[key] = prevFederation[key];
		}
		if (!wr.federation.instance) {
			wr.federation.instance = wr.federation.bundlerRuntime.init({ webpackRequire: wr });
			if (wr.federation.attachShareScopeMap) wr.federation.attachShareScopeMap(wr);
			if (wr.federation.installInitialConsumes) wr.federation.installInitialConsumes();
		}
	};
	return { wr, entry, start, consumeId: (key) => consumeId(container.shared[key], key) };
}

function dumpScopes(builds) {
	const seen = new Set();
	const out = {};
	const names = {};
	for (const b of builds) {
		if (!b.started) continue;
		const ssm = b.wr.federation.instance.shareScopeMap;
		for (const name of Object.keys(ssm)) {
			const scope = ssm[name];
			if (seen.has(scope)) continue;
			seen.add(scope);
			names[name] = (names[name] || 0) + 1;
			const label = names[name] === 1 ? name : `${name}#${names[name]}`;
			out[label] = {};
			for (const key of Object.keys(scope)) {
				out[label][key] = {};
				for (const v of Object.keys(scope[key])) {
					const e = scope[key][v];
					out[label][key][v] = {
						from: e.from === undefined ? null : e.from,
						eager: !!(e.eager || (e.shareConfig && e.shareConfig.eager)),
						loaded: !!e.loaded
					};
				}
			}
		}
	}
	return out;
}

async function runMf2(raw) {
	const scenario = normalize(raw);
	const federation = freshRuntime();
	const steps = raw.steps;
	const builds = scenario.containers.map((c, index) => {
		const b = makeBuild({ ...c, index }, scenario, federation, steps);
		return { ...b, started: false, failed: false, container: c };
	});
	const start = (i) => {
		if (!builds[i].started) {
			builds[i].started = true;
			builds[i].start();
		}
	};
	const inited = new Set();
	const rec = new Recorder();
	for (let n = 0; n < steps.length; n++) {
		const step = steps[n];
		const i = scenario.byId.get(step.container);
		const b = builds[i];
		if (step.op === "fail") {
			b.failed = true;
		} else if (step.op === "init") {
			const [, lines] = await captured(async () => {
				if (step.host === undefined) {
					start(i);
					await b.wr.I("default");
					return;
				}
				const h = scenario.byId.get(step.host);
				start(h);
				await builds[h].wr.I("default");
				// a failed remote entry: errorLoadRemote has no handler, the remote is skipped
				if (b.failed || inited.has(`${h}>${i}`)) return;
				inited.add(`${h}>${i}`);
				start(i);
				const remoteInfo = { name: b.container.name, entry: `fedscope://${b.container.id}`, shareScope: "default", version: "" };
				const opts = createRemoteEntryInitOptions(remoteInfo, builds[h].wr.federation.instance.shareScopeMap, []);
				await b.entry.init(opts.shareScope, opts.initScope, opts.remoteEntryInitOptions);
			});
			rec.warnings.push(...lines);
		} else {
			start(i);
			let mod;
			let err;
			const [, lines] = await captured(async () => {
				try {
					if (step.mode === "sync") {
						mod = b.wr(b.consumeId(step.shared));
					} else {
						const factory = await b.entry.get(`./s${n}`);
						mod = factory();
					}
				} catch (e) {
					err = e;
				}
			});
			rec.load(step, b.container.id, mod, err, lines);
		}
	}
	return rec.outcome(dumpScopes(builds));
}

module.exports = { runMf2 };
