#!/usr/bin/env bash
# Long fuzzing with libFuzzer (AddressSanitizer on), one target after another:
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     # default: 300 s each, all four targets
#
# Targets: index_reader, query, tokenizer, document (fuzz/fuzz_targets/). They run the
# checks of tests/support/fuzz_checks.rs, which `./build.sh test` also runs briefly through
# proptest (tests/fuzz_harness.rs). Needs cargo-fuzz (`cargo install cargo-fuzz`); on a
# stable toolchain RUSTC_BOOTSTRAP=1 lets it pass the sanitizer flags. A crash is saved in
# fuzz/artifacts/TARGET/: copy it into tests/data/fuzz-regressions/TARGET/, where the
# harness replays it on every test run, and fix the cause.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(index_reader query tokenizer document)
mkdir -p logs
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  cp -n seeds/"$target"/* "corpus/$target/" 2>/dev/null || true
  echo "== $target for $seconds s"
  status=0
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=256 -max_len=65536 -timeout=10 \
    > "logs/$target.log" 2>&1 || status=$?
  grep -E "^Done [0-9]+ runs|ERROR|SUMMARY|Test unit written" "logs/$target.log" || true
  [ "$status" -eq 0 ] || { echo "$target failed: see fuzz/logs/$target.log"; exit "$status"; }
done
