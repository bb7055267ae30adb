"use strict";
// Runs a scenario on webpack 5's own Module Federation runtime: every container
// is a real webpack build (the scenario's release line: 5.92.1, 5.111.1 or
// 5.112.2), and the steps drive the built bundles in Node.
//
// A container's build:
// - `ProvideSharedPlugin` + `ConsumeSharedPlugin` (what `shared` expands to),
//   with the scenario's version, singleton, requiredVersion, strictVersion,
//   eager, shareScope and import; the provided module and the fallback are two
//   wrappers around the same `impl` module (see harness.cjs);
// - `ContainerPlugin` exposing one module per async load step (`./s<n>`,
//   which requires the shared key), so each step evaluates a fresh consumer;
// - a `main` entry, sharing the single runtime chunk with the container entry,
//   exporting a function per sync load step that requires the key from the
//   initial chunk (an initial consume), plus `__webpack_init_sharing__` and
//   `__webpack_share_scopes__` for the harness.
// - `output.uniqueName` as the scenario says (unset for an empty one, so the
//   runtime's uniqueName is `undefined`).
//
// Initialising a remote with a host's scope is the host's `initExternal` for a
// container already on the page: `host.I("default")`, then
// `remote.init(host.S.default, initScope)` with errors warned as
// `Initialization of sharing external failed: <err>`. A failed remote entry
// warns as webpack's script external does, with the container's id in place
// of the URL.
const fs = require("fs");
const os = require("os");
const path = require("path");
const { requireWebpack } = require("./versions.cjs");
const { Recorder, captured, sharedModuleSources, providedVersion, normalize } = require("./harness.cjs");

function write(file, text) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, text);
}

/** Writes the sources of one container and returns its webpack config. */
function containerConfig(webpack, scenario, index, dir) {
	const c = scenario.containers[index];
	const keys = Object.keys(c.shared);
	// Real projects have a package.json (webpack 5.92 crashes without one while
	// inferring requiredVersion). No name: an unset uniqueName stays undefined,
	// and no dependencies: an absent requiredVersion stays absent.
	write(`${dir}/package.json`, '{ "private": true }\n');
	const provides = {};
	const consumes = {};
	keys.forEach((key, i) => {
		const cfg = c.shared[key];
		if (cfg.import) {
			const src = sharedModuleSources(c, key, cfg.version);
			write(`${dir}/lib/k${i}/impl.js`, src.impl);
			write(`${dir}/lib/k${i}/provide.js`, src.provide);
			write(`${dir}/lib/k${i}/fallback.js`, src.fallback);
			provides[`./lib/k${i}/provide.js`] = {
				shareKey: key,
				version: providedVersion(cfg),
				shareScope: cfg.shareScope,
				eager: cfg.eager
			};
		}
		const consume = {
			import: cfg.import ? `./lib/k${i}/fallback.js` : false,
			shareKey: key,
			shareScope: cfg.shareScope,
			singleton: cfg.singleton,
			eager: cfg.eager
		};
		if (cfg.requiredVersion !== undefined) consume.requiredVersion = cfg.requiredVersion;
		if (cfg.strictVersion !== undefined) consume.strictVersion = cfg.strictVersion;
		consumes[key] = consume;
	});
	const exposes = {};
	const sync = [];
	scenario.steps.forEach((step, n) => {
		if (step.op !== "load" || scenario.byId.get(step.container) !== index) return;
		if (step.mode === "sync") {
			sync.push(`\t${JSON.stringify(`s${n}`)}: () => require(${JSON.stringify(step.shared)}),`);
		} else {
			write(`${dir}/src/s${n}.js`, `module.exports = require(${JSON.stringify(step.shared)});\n`);
			exposes[`./s${n}`] = `./src/s${n}.js`;
		}
	});
	write(
		`${dir}/src/main.js`,
		[
			"module.exports = {",
			"\t__init: (name) => __webpack_init_sharing__(name),",
			"\t__scopes: () => __webpack_share_scopes__,",
			...sync,
			"};",
			""
		].join("\n")
	);
	const output = { path: `${dir}/dist` };
	if (c.uniqueName !== "") output.uniqueName = c.uniqueName;
	return {
		name: `${index}`,
		mode: "production",
		context: dir,
		target: "node",
		devtool: false,
		entry: { main: { import: "./src/main.js", library: { type: "commonjs-module" } } },
		output,
		optimization: { minimize: false, runtimeChunk: "single", moduleIds: "named", chunkIds: "named" },
		plugins: [
			new webpack.container.ContainerPlugin({
				name: c.name,
				filename: "remoteEntry.js",
				library: { type: "commonjs-module" },
				exposes
			}),
			new webpack.sharing.ProvideSharedPlugin({ provides }),
			new webpack.sharing.ConsumeSharedPlugin({ consumes })
		],
		infrastructureLogging: { level: "error" },
		stats: "none",
		cache: false
	};
}

function compile(webpack, configs) {
	return new Promise((resolve, reject) => {
		webpack(configs, (err, stats) => {
			if (err) return reject(err);
			const errors = stats.stats.filter((s) => s.hasErrors()).map((s) => s.toString("errors-only"));
			if (errors.length) return reject(new Error(`webpack build failed:\n${errors.join("\n")}`));
			resolve();
		});
	});
}

/**
 * Builds every container of every scenario (all on the same webpack line) into
 * workDir, `batch` builds per webpack invocation. Returns per scenario the dist dirs.
 */
async function buildAll(scenarios, workDir, batch = 40) {
	const jobs = [];
	const dirs = scenarios.map((s, si) =>
		s.containers.map((_, ci) => {
			const dir = path.join(workDir, `s${si}`, `c${ci}`);
			jobs.push({ line: s.webpack, s, ci, dir });
			return dir;
		})
	);
	const byLine = new Map();
	for (const j of jobs) {
		if (!byLine.has(j.line)) byLine.set(j.line, []);
		byLine.get(j.line).push(j);
	}
	for (const [line, list] of byLine) {
		const webpack = requireWebpack(line);
		for (let k = 0; k < list.length; k += batch) {
			const configs = list.slice(k, k + batch).map((j) => containerConfig(webpack, j.s, j.ci, j.dir));
			await compile(webpack, configs);
		}
	}
	return dirs;
}

function dumpScopes(builds) {
	const seen = new Set();
	const out = {};
	const names = {};
	for (const b of builds) {
		if (!b.main) continue;
		const S = b.main.__scopes();
		for (const name of Object.keys(S)) {
			const scope = S[name];
			if (!scope || seen.has(scope)) continue;
			seen.add(scope);
			names[name] = (names[name] || 0) + 1;
			const label = names[name] === 1 ? name : `${name}#${names[name]}`;
			out[label] = {};
			for (const key of Object.keys(scope)) {
				out[label][key] = {};
				for (const v of Object.keys(scope[key])) {
					const e = scope[key][v];
					out[label][key][v] = { from: e.from === undefined ? null : e.from, eager: !!e.eager, loaded: !!e.loaded };
				}
			}
		}
	}
	return out;
}

async function runWebpack(raw, dirs) {
	const scenario = normalize(raw);
	const builds = scenario.containers.map((c, i) => ({ container: c, dir: dirs[i], main: null, entry: null, failed: false }));
	const start = (i) => {
		const b = builds[i];
		if (b.main) return;
		b.main = require(path.join(b.dir, "dist/main.js"));
		b.entry = require(path.join(b.dir, "dist/remoteEntry.js"));
	};
	const rec = new Recorder();
	try {
		for (let n = 0; n < raw.steps.length; n++) {
			const step = raw.steps[n];
			const i = scenario.byId.get(step.container);
			const b = builds[i];
			if (step.op === "fail") {
				b.failed = true;
			} else if (step.op === "init") {
				const [, lines] = await captured(async () => {
					if (step.host === undefined) {
						start(i);
						await b.main.__init("default");
						return;
					}
					const h = scenario.byId.get(step.host);
					start(h);
					await builds[h].main.__init("default");
					const warn = (msg) => console.warn(msg);
					const handleError = (err) => warn(`Initialization of sharing external failed: ${err}`);
					if (b.failed) {
						const err = new Error(`Loading script failed.\n(error: ${b.container.id})`);
						err.name = "ScriptExternalLoadError";
						handleError(err);
						return;
					}
					try {
						start(i);
						const result = b.entry.init(builds[h].main.__scopes().default, []);
						if (result && result.then) await result.catch(handleError);
					} catch (err) {
						handleError(err);
					}
				});
				rec.warnings.push(...lines);
			} else {
				start(i);
				let mod;
				let err;
				const [, lines] = await captured(async () => {
					try {
						if (step.mode === "sync") {
							mod = b.main[`s${n}`]();
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
	} finally {
		// a fresh page next time: forget this scenario's bundles
		for (const b of builds) {
			for (const id of Object.keys(require.cache)) if (id.startsWith(b.dir + path.sep)) delete require.cache[id];
		}
	}
}

function tempDir() {
	return fs.mkdtempSync(path.join(os.tmpdir(), "fedscope-oracle-"));
}

module.exports = { buildAll, runWebpack, tempDir };
