#!/usr/bin/env bash
# Installs what the tests need and runs every test. CI runs exactly this (.ci/run).
#
#   ./test.sh
#
# Needs: Rust (cargo, rustfmt, clippy), Node 20 with npm. Everything else is
# installed here: the oracle's pinned npm packages (the real Module Federation
# runtimes and webpack release lines), and for the browser tests Debian's
# Chromium and the examples' pinned packages.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n==> %s\n' "$*"; }

step "oracle: install the real runtimes (pinned, package-lock.json)"
npm ci --prefix oracle --no-audit --no-fund --loglevel=error

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "generated docs are current (cargo xtask docs --check)"
cargo xtask docs --check

step "cargo test (unit, rule examples, snapshots, CLI, differential tests against the real runtimes)"
cargo test --workspace --release

# The browser truth harness (examples/ built and run in Chromium) is added by
# e2e/run; it stays in this command so CI runs it.
step "e2e: build examples/, run them in Chromium, record and check the truth"
e2e/run

step "fedscope's predictions against the browser's truth (e2e/out)"
cargo test --release -p fedscope --test truth -- --ignored

step "all tests passed"
