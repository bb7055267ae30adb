"use strict";
// What the webpack and MF2 harnesses share: capturing what the runtime prints,
// recording load results, and counting module instances by object identity.
//
// Every build's shared module for a key is one module, `impl`, whose exports
// object IS the instance. The provider path and the fallback path reach it
// through two thin wrappers (`{ impl, via: "shared" | "fallback" }`), so the
// harness sees which path a consumer took without changing which instance it
// got (a build's provided module and its fallback are the same module).
const util = require("util");

const collapse = (text) => String(text).replace(/\s+/g, " ");

/** Runs fn with console.warn/error captured (and silenced); returns [result, lines]. */
async function captured(fn) {
	const lines = [];
	const { warn, error } = console;
	console.warn = (...args) => lines.push(collapse(util.format(...args)));
	console.error = (...args) => lines.push(collapse(util.format(...args)));
	try {
		return [await fn(), lines];
	} finally {
		console.warn = warn;
		console.error = error;
	}
}

class Recorder {
	constructor() {
		this.steps = [];
		this.warnings = [];
		/** impl object → { provider, version, key, users } */
		this.instances = new Map();
	}

	/** A load step finished: `mod` is the wrapper the consumer got, or `err` what it threw. */
	load(step, consumer, mod, err, warnings) {
		const out = { op: "load", container: consumer, shared: step.shared, mode: step.mode };
		if (err !== undefined) {
			out.result = "error";
			let message = err && typeof err === "object" && "message" in err ? err.message : String(err);
			// the contract writes the share key in place of webpack's build-specific module id
			message = message.replace(/^(Shared module is not available for eager consumption: ).*$/s, `$1${step.shared}`);
			out.error = collapse(message);
		} else {
			const { impl, via } = mod;
			out.result = via;
			out.provider = impl.owner;
			out.version = impl.version;
			let inst = this.instances.get(impl);
			if (!inst) {
				inst = { key: impl.key, provider: impl.owner, version: impl.version, users: new Set() };
				this.instances.set(impl, inst);
			}
			inst.users.add(consumer);
		}
		out.warnings = warnings;
		this.steps.push(out);
	}

	outcome(scope) {
		const instances = {};
		for (const inst of this.instances.values()) {
			(instances[inst.key] ||= []).push({ provider: inst.provider, version: inst.version, users: [...inst.users].sort() });
		}
		const sorted = {};
		for (const key of Object.keys(instances).sort()) {
			sorted[key] = instances[key].sort((a, b) =>
				a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0
			);
		}
		return { version: 1, steps: this.steps, warnings: this.warnings, scope, instances: sorted };
	}
}

/** The module sources every harness build contains, per shared key. */
function sharedModuleSources(container, key, version) {
	const impl = `module.exports = { owner: ${JSON.stringify(container.id)}, key: ${JSON.stringify(key)}, version: ${JSON.stringify(version)} };\n`;
	const wrapper = (via) => `module.exports = { impl: require("./impl.js"), via: ${JSON.stringify(via)} };\n`;
	return { impl, provide: wrapper("shared"), fallback: wrapper("fallback") };
}

/** `register(name, version || "0")`: what a build provides. */
const providedVersion = (cfg) => cfg.version || "0";

/** Scenario defaults of the contract, filled in. */
function normalize(scenario) {
	const containers = scenario.containers.map((c) => ({
		...c,
		id: c.id ?? c.name,
		uniqueName: c.uniqueName ?? c.name,
		shared: Object.fromEntries(
			Object.entries(c.shared || {}).map(([key, s]) => [
				key,
				{
					...s,
					import: s.import !== false,
					singleton: !!s.singleton,
					eager: !!s.eager,
					shareScope: s.shareScope ?? "default"
				}
			])
		)
	}));
	return {
		...scenario,
		webpack: scenario.webpack ?? "5.112",
		shareStrategy: scenario.shareStrategy ?? "version-first",
		containers,
		byId: new Map(containers.map((c, i) => [c.id, i]))
	};
}

module.exports = { Recorder, captured, collapse, sharedModuleSources, providedVersion, normalize };
