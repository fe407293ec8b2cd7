#!/usr/bin/env bash
# Every test: formatting, lints (host, and each wasm part as shipped),
# host unit and integration tests, end-to-end tests of the built tag in
# headless Chromium, and the size budget. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy (host)"
cargo clippy --all-targets -- -D warnings

step "cargo clippy (wasm32: the first part and the second part, as shipped)"
cargo clippy --target wasm32-unknown-unknown --lib --no-default-features --features tag -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --no-default-features --features tag-more -- -D warnings

step "cargo test (host)"
cargo test

step "end-to-end tests (playwright-core, headless Chromium)"
node --test --test-concurrency=1 tests/e2e/

step "size budget"
node tests/e2e/size-budget.mjs
