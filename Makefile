# micromoment — the two set-up commands on a fresh machine are `make demo`
# and `make test`; both install what is missing first (scripts/setup.sh).
PORT ?= 8080
HOST ?= 127.0.0.1

.PHONY: setup build demo test bench-host clean

setup:
	@scripts/setup.sh

build: setup
	@scripts/build.sh

demo: build
	@echo "micromoment demo: http://$(HOST):$(PORT)/"
	@node tests/e2e/server.mjs --root www --host $(HOST) --port $(PORT)

test: build
	@scripts/test.sh

bench-host:
	cargo run --release --example bench_classify

clean:
	cargo clean
	rm -rf pkg www/micromoment
