#!/usr/bin/env node
// Scenario oracle: runs fedscope scenarios (../shared/spec/scenario.md) on the
// real runtimes and prints the outcomes in the contract's format.
//
//   node scenario.cjs SCENARIO.json            one scenario, pretty outcome
//   node scenario.cjs --batch [--jobs N]       JSON lines in, JSON lines out (same order)
//   --timings                                  (with --jobs 1) build and run times on stderr
//
// runtime "mf2": @module-federation/runtime 2.9.3 + webpack-bundler-runtime (lib/mf2.cjs).
// runtime "webpack": real webpack builds of each container (lib/webpack.cjs).
// A scenario the harness itself cannot run yields {"oracleError": "..."}.
"use strict";

const fs = require("fs");
const path = require("path");
const { spawn } = require("child_process");
const { runMf2 } = require("./lib/mf2.cjs");
const { buildAll, runWebpack, tempDir } = require("./lib/webpack.cjs");
const { normalize } = require("./lib/harness.cjs");

async function runAll(scenarios, { keep = false, timings = false } = {}) {
	const work = tempDir();
	const results = new Array(scenarios.length);
	const t0 = process.hrtime.bigint();
	let t1 = t0;
	try {
		const wpIdx = scenarios.map((s, i) => (s.runtime === "webpack" ? i : -1)).filter((i) => i >= 0);
		let dirs = [];
		if (wpIdx.length) dirs = await buildAll(wpIdx.map((i) => normalize(scenarios[i])), work);
		const dirOf = new Map(wpIdx.map((i, k) => [i, dirs[k]]));
		t1 = process.hrtime.bigint();
		for (let i = 0; i < scenarios.length; i++) {
			try {
				const s = scenarios[i];
				if (s.runtime === "mf2") results[i] = await runMf2(s);
				else if (s.runtime === "webpack") results[i] = await runWebpack(s, dirOf.get(i));
				else throw new Error(`unknown runtime ${JSON.stringify(s.runtime)}`);
			} catch (e) {
				results[i] = { oracleError: String(e && e.stack ? e.stack : e) };
			}
		}
		if (timings) {
			const ms = (a, b) => Number(b - a) / 1e6;
			const t2 = process.hrtime.bigint();
			console.error(JSON.stringify({ timings: { scenarios: scenarios.length, buildMs: ms(t0, t1), runMs: ms(t1, t2) } }));
		}
	} finally {
		if (!keep) fs.rmSync(work, { recursive: true, force: true });
		else console.error(`builds kept in ${work}`);
	}
	return results;
}

function readStdin() {
	return new Promise((resolve, reject) => {
		const chunks = [];
		process.stdin.on("data", (c) => chunks.push(c));
		process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
		process.stdin.on("error", reject);
	});
}

function runChild(lines) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [__filename, "--batch", "--jobs", "1"], { stdio: ["pipe", "pipe", "inherit"] });
		const out = [];
		child.stdout.on("data", (c) => out.push(c));
		child.on("error", reject);
		child.on("close", (code) => {
			if (code !== 0) return reject(new Error(`oracle worker exited with ${code}`));
			resolve(Buffer.concat(out).toString("utf8").split("\n").filter(Boolean));
		});
		child.stdin.end(lines.length ? `${lines.join("\n")}\n` : "");
	});
}

async function main() {
	const args = process.argv.slice(2);
	const jobsAt = args.indexOf("--jobs");
	const jobs = jobsAt >= 0 ? Math.max(1, Number(args[jobsAt + 1]) || 1) : 1;
	const keep = args.includes("--keep");
	const timings = args.includes("--timings");
	if (args.includes("--batch")) {
		const lines = (await readStdin()).split("\n").filter((l) => l.trim());
		if (jobs > 1 && lines.length > 1) {
			const size = Math.ceil(lines.length / jobs);
			const shards = [];
			for (let k = 0; k < lines.length; k += size) shards.push(lines.slice(k, k + size));
			const outs = await Promise.all(shards.map(runChild));
			process.stdout.write(`${outs.flat().join("\n")}\n`);
			return;
		}
		const results = await runAll(lines.map((l) => JSON.parse(l)), { keep, timings });
		process.stdout.write(results.map((r) => JSON.stringify(r)).join("\n") + (results.length ? "\n" : ""));
		return;
	}
	const file = args.find((a) => !a.startsWith("--"));
	if (!file) {
		console.error("usage: node scenario.cjs SCENARIO.json | --batch [--jobs N] < scenarios.jsonl");
		process.exit(2);
	}
	const scenario = JSON.parse(fs.readFileSync(path.resolve(file), "utf8"));
	const [result] = await runAll([scenario], { keep });
	process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
	if (result.oracleError) process.exit(1);
}

main().catch((e) => {
	console.error(e && e.stack ? e.stack : String(e));
	process.exit(1);
});
