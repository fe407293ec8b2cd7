# micromoment — the two set-up commands on a fresh machine are `make demo`
# and `make test`; both install what is missing first (scripts/setup.sh).
PORT ?= 8080
HOST ?= 127.0.0.1

.PHONY: setup build package demo test bench-host clean soak fuzz bench train

setup:
	@scripts/setup.sh

build: setup
	@scripts/build.sh

# The npm package (pkg/npm/, packed into pkg/micromoment-VERSION.tgz; the
# version is Cargo.toml's): the ES-module entry with the tag inside, and the
# script-tag files of www/micromoment/ under dist/ for CDNs.
package: build
	@node scripts/package.mjs --pack pkg

demo: build
	@echo "micromoment demo: http://$(HOST):$(PORT)/"
	@node tests/e2e/server.mjs --root www --host $(HOST) --port $(PORT)

test: build
	@scripts/test.sh

bench-host:
	cargo run --profile host --example bench_classify
	cargo run --profile host --example bench_infer

clean:
	cargo clean
	rm -rf pkg www/micromoment

# Longer checks, run on demand (their last results are in the README).
soak: build
	node tests/e2e/soak.mjs 60

fuzz:
	fuzz/run.sh

# The load benchmark (bench/README.md); `make bench RUNS=5` for fewer loads.
bench: build
	cd bench && npm ci --no-audit --no-fund && node run.mjs $(if $(RUNS),--runs $(RUNS))

# Learns the query scorer's weights (src/intent_weights.rs) from
# tests/data/intent_dev.tsv (train splits) and tests/data/train/*.tsv.
train:
	cargo run --release --manifest-path train/Cargo.toml
