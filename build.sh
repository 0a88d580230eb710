#!/usr/bin/env bash
# ./build.sh         set up what is missing, build the CLI and the wasm, index corpus/ into www/
# ./build.sh test    the above, then every test: Rust, relevance, headless Chromium
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

build() {
  setup_rust
  step "building the izdeu CLI"
  cargo build --release --bin izdeu
  step "building the wasm module"
  cargo build --lib --target wasm32-unknown-unknown --profile wasm --no-default-features
  wasm-bindgen --target no-modules --no-typescript --out-dir www/pkg \
    target/wasm32-unknown-unknown/wasm/izdeu.wasm
  # The same bytes as a classic script, for the page opened from disk (file://).
  printf 'window.IZDEU_WASM = "%s";\n' "$(base64 -w0 www/pkg/izdeu_bg.wasm)" > www/izdeu-wasm.js
  step "indexing corpus/ into www/"
  target/release/izdeu build corpus --out www
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
  cargo test --release
  step "relevance on tests/data/dev-queries.jsonl"
  target/release/izdeu eval tests/data/dev-queries.jsonl www \
    --min exact=0.98 --min typo=0.95 --min prefix=0.95 --min inflect=0.92 \
    --min layout=0.95 --min translit=0.85 --min ALL=0.95
  setup_browser
  step "browser tests (headless Chromium)"
  node --test tests/browser/
}

case "${1:-}" in
  "") build ;;
  test) build; run_tests ;;
  *) echo "usage: ./build.sh [test]" >&2; exit 2 ;;
esac
