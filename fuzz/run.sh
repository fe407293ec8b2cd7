#!/usr/bin/env bash
# Fuzzes the core's input parsers with cargo-fuzz (nightly). Each target runs
# for SECONDS (default 600); new inputs go to fuzz/corpus/<target>/ (not
# committed), the committed seeds are in fuzz/seeds/<target>/.
#   fuzz/run.sh                # all targets, 10 minutes each
#   SECONDS_PER_TARGET=60 fuzz/run.sh classify
set -euo pipefail
cd "$(dirname "$0")"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz
secs=${SECONDS_PER_TARGET:-600}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config classify ua render)
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "== fuzzing $t for ${secs}s"
  log="corpus/$t.log"
  if ! cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- -max_total_time="$secs" -max_len=4096 -print_final_stats=1 > "$log" 2>&1; then
    grep -E "panicked|Test unit written|SUMMARY" "$log" | head -n 5
    echo "== $t: crash (full log: fuzz/$log)"
    status=1
  fi
  grep -E "^Done|exec_per_sec|new_units_added" "$log" | head -n 3
done
exit "${status:-0}"
