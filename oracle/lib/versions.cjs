"use strict";
// The real runtimes the oracle drives, pinned in package.json / package-lock.json.
const path = require("path");

/** webpack release lines of the scenario contract, and the npm package that provides each. */
const WEBPACK_PACKAGES = { "5.92": "webpack-5.92", "5.111": "webpack-5.111", "5.112": "webpack" };
const WEBPACK_LINES = Object.keys(WEBPACK_PACKAGES);

function webpackDir(line) {
	const pkg = WEBPACK_PACKAGES[line];
	if (!pkg) throw new Error(`unknown webpack line ${JSON.stringify(line)} (expected one of ${WEBPACK_LINES.join(", ")})`);
	return path.dirname(require.resolve(`${pkg}/package.json`));
}

function requireWebpack(line, file) {
	return require(path.join(webpackDir(line), file ?? ""));
}

module.exports = { WEBPACK_LINES, WEBPACK_PACKAGES, webpackDir, requireWebpack };
