#!/usr/bin/env bash
# ./build.sh         set up what is missing, build the CLI and the wasm, index corpus/ into www/
# ./build.sh test    the above, then every test: Rust, relevance, headless Chromium
# ./build.sh bench   the build, then izdeu against its peers at 1.4, 10 and 100 MB (tests/bench/)
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n== %s\n' "$*"; }

wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml
}

setup_rust() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  local want
  want=$(wasm_bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    step "installing wasm-bindgen-cli $want (once, a few minutes)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

setup_minifier() {
  if [ ! -x node_modules/.bin/terser ]; then
    step "installing terser (pinned in package-lock.json)"
    npm ci --no-audit --no-fund
  fi
}

# The page's scripts, from their sources in www/src/, and wasm-bindgen's glue, minified:
# a third of their bytes, brotli, before the first results.
minify_scripts() {
  step "minifying the page's scripts"
  local name
  for name in izdeu.js izdeu-worker.js izdeu-reader.js izdeu-offline.js; do
    node_modules/.bin/terser "www/src/$name" --compress --mangle --output "www/$name"
  done
  for name in www/pkg/izdeu.js www/pkg/whole/izdeu.js; do
    node_modules/.bin/terser "$name" --compress --mangle --output "$name"
  done
}

build() {
  setup_rust
  setup_minifier
  step "building the izdeu CLI"
  cargo build --release --bin izdeu
  step "building the wasm module"
  # Twice: the page's engine, which reads the chunked index over http, then the engine of
  # a whole index, for pages opened from disk and offline.html, which also rebuilds its
  # index (in a target folder of its own, so that neither build undoes the other).
  # Without the name section (function names for stack traces) and the producers section:
  # 96 B less brotli on the way to the first results.
  cargo build --lib --target wasm32-unknown-unknown --profile wasm --no-default-features
  wasm-bindgen --target no-modules --no-typescript --remove-name-section --remove-producers-section --out-dir www/pkg \
    target/wasm32-unknown-unknown/wasm/izdeu.wasm
  cargo build --lib --target wasm32-unknown-unknown --profile wasm --no-default-features \
    --features whole --target-dir target/whole
  wasm-bindgen --target no-modules --no-typescript --remove-name-section --remove-producers-section --out-dir www/pkg/whole \
    target/whole/wasm32-unknown-unknown/wasm/izdeu.wasm
  minify_scripts
  # Besides the index, the CLI writes the wasm as a classic script (izdeu-wasm.js, for the
  # page opened from disk) and offline.html, from the assets it finds in www/.
  step "indexing corpus/ into www/"
  target/release/izdeu build corpus --out www --title "izdeu — іздеу"
  printf '\nwasm: %s bytes. Open www/index.html, or serve www/ over http.\n' \
    "$(wc -c < www/pkg/izdeu_bg.wasm)"
}

setup_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    step "installing Debian's chromium"
    apt-get update
    apt-get install -y chromium
  fi
  if [ ! -d tests/browser/node_modules/playwright-core ]; then
    step "installing playwright-core (pinned in tests/browser/package-lock.json)"
    npm ci --prefix tests/browser --no-audit --no-fund
  fi
}

run_tests() {
  step "Rust tests"
  # With overflow checks (the test profile's): an overflow on hostile input fails a test
  # as a panic, where a release build would wrap without a word.
  cargo test
  step "crate docs (a broken link fails)"
  RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet
  step "relevance on tests/data/dev-queries.jsonl"
  target/release/izdeu eval tests/data/dev-queries.jsonl www \
    --min exact=0.98 --min typo=0.95 --min prefix=0.95 --min inflect=0.92 \
    --min layout=0.95 --min translit=0.85 --min ALL=0.95
  step "relevance on fresh known-item queries (tests/relevance/known_items.py, seed 1)"
  python3 tests/relevance/known_items.py 1 300 > target/known-items.jsonl
  target/release/izdeu eval target/known-items.jsonl www \
    --min exact=0.98 --min typo=0.95 --min prefix=0.94 --min inflect=0.92 \
    --min layout=0.95 --min translit=0.90 --min ALL=0.95
  step "relevance on phrases with short words (known_items.py --phrases, seed 1)"
  python3 tests/relevance/known_items.py 1 300 --phrases > target/known-phrases.jsonl
  target/release/izdeu eval target/known-phrases.jsonl www \
    --min phrase=0.98 --min phrase-translit=0.95 --min phrase-layout=0.97
  step "relevance on other forms typed otherwise (known_items.py --forms, seed 1)"
  python3 tests/relevance/known_items.py 1 300 --forms > target/known-forms.jsonl
  target/release/izdeu eval target/known-forms.jsonl www \
    --min inflect-translit=0.92 --min inflect-layout=0.94 --min unseen=0.94 --min unseen-translit=0.94
  setup_browser
  step "browser tests (headless Chromium)"
  node --test tests/browser/
}

case "${1:-}" in
  "") build ;;
  test) build; run_tests ;;
  bench)
    build; setup_browser
    step "benchmark: izdeu and its peers in headless Chromium (tests/bench, ~10 min)"
    npm ci --prefix tests/bench --no-audit --no-fund
    node tests/bench/run.mjs ;;
  *) echo "usage: ./build.sh [test|bench]" >&2; exit 2 ;;
esac
