#!/usr/bin/env bash
# Every test: formatting, lints (host and wasm32), host unit and integration
# tests, browser tests with wasm-pack in headless Chromium, and end-to-end
# tests of the built tag in headless Chromium. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy (host)"
cargo clippy --all-targets -- -D warnings

step "cargo clippy (wasm32: the shipped build without std, then with the tests)"
cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings

step "cargo test (host)"
cargo test

step "wasm-pack test --headless --chrome"
CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome -- --lib --test web

step "end-to-end tests (playwright-core, headless Chromium)"
node --test --test-concurrency=1 tests/e2e/

step "size budget"
node tests/e2e/size-budget.mjs
