#!/usr/bin/env node
// Semver oracle: evaluates (version, range) cases on the real implementations.
//
// stdin:  one JSON object per line: {"v": version, "r": range, "w": other version}
// stdout: one JSON object per line, in the same order:
//   {"wp": {"5.92"|"5.111"|"5.112": {"hole", "str", "sat", "rtStr", "rtSat", "lt", "rtLt"}},
//    "mf2": {"sat", "lt"}, "npm": {"sat"}}
// A value that threw is written as {"throws": String(error)}.
//
// webpack: the module's own parseRange/satisfy/rangeToString/versionLt, and the
// runtime code webpack emits into bundles (satisfyRuntimeCode & co) evaluated
// on the range as stringifyHoley emits it. MF2: runtime-core's exported
// satisfy, and versionLt's own source text from the shipped dist file
// (it is not exported). npm: semver.satisfies.
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");
const { WEBPACK_LINES, requireWebpack } = require("./lib/versions.cjs");

function attempt(fn) {
	try {
		return fn();
	} catch (e) {
		return { throws: String(e) };
	}
}

function webpackDialect(line) {
	const semver = requireWebpack(line, line === "5.112" ? "lib/sharing/semver.js" : "lib/util/semver.js");
	const runtimeTemplate = {
		supportsArrowFunction: () => true,
		basicFunction: (args, body) => `(${args}) => {\n${Array.isArray(body) ? body.join("\n") : body}\n}`
	};
	const code = [
		semver.parseVersionRuntimeCode(runtimeTemplate),
		semver.versionLtRuntimeCode(runtimeTemplate),
		semver.rangeToStringRuntimeCode(runtimeTemplate),
		semver.satisfyRuntimeCode(runtimeTemplate),
		"return { versionLt, rangeToString, satisfy };"
	].join("\n");
	// eslint-disable-next-line no-new-func
	const runtime = new Function(code)();
	return (c) => {
		const out = {};
		const range = attempt(() => semver.parseRange(c.r));
		if (range && range.throws) {
			out.hole = range;
		} else {
			out.hole = semver.stringifyHoley(range);
			out.str = attempt(() => semver.rangeToString(range));
			out.sat = attempt(() => semver.satisfy(range, c.v));
			// eslint-disable-next-line no-eval
			const emitted = (0, eval)(`(${out.hole})`);
			out.rtStr = attempt(() => runtime.rangeToString(emitted));
			out.rtSat = attempt(() => runtime.satisfy(emitted, c.v));
		}
		out.lt = attempt(() => semver.versionLt(c.v, c.w));
		out.rtLt = attempt(() => runtime.versionLt(c.v, c.w));
		return out;
	};
}

function mf2Dialect() {
	const dir = path.dirname(require.resolve("@module-federation/runtime-core"));
	const { satisfy } = require("@module-federation/runtime-core");
	const shareSource = fs.readFileSync(path.join(dir, "utils/share.cjs"), "utf8");
	const start = shareSource.indexOf("function versionLt(a, b) {");
	const end = shareSource.indexOf("\nconst findVersion", start);
	if (start < 0 || end < 0) throw new Error("versionLt not found in runtime-core dist/utils/share.cjs");
	// eslint-disable-next-line no-new-func
	const versionLt = new Function("require_index", `${shareSource.slice(start, end)}\nreturn versionLt;`)({ satisfy });
	return (c) => ({ sat: attempt(() => satisfy(c.v, c.r)), lt: attempt(() => versionLt(c.v, c.w)) });
}

function npmDialect() {
	const semver = require("semver");
	return (c) => ({ sat: attempt(() => semver.satisfies(c.v, c.r)) });
}

async function main() {
	const wp = Object.fromEntries(WEBPACK_LINES.map((line) => [line, webpackDialect(line)]));
	const mf2 = mf2Dialect();
	const npm = npmDialect();
	const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
	const out = [];
	for await (const line of rl) {
		if (!line.trim()) continue;
		const c = JSON.parse(line);
		const result = { wp: {}, mf2: mf2(c), npm: npm(c) };
		for (const l of WEBPACK_LINES) result.wp[l] = wp[l](c);
		out.push(JSON.stringify(result));
		if (out.length >= 1000) {
			process.stdout.write(`${out.join("\n")}\n`);
			out.length = 0;
		}
	}
	if (out.length) process.stdout.write(`${out.join("\n")}\n`);
}

main().catch((e) => {
	console.error(e && e.stack ? e.stack : String(e));
	process.exit(1);
});
