# Shared by scripts/run.sh and scripts/test.sh: installs what is missing,
# idempotently and quietly (details go to $DF_LOG_DIR), then exports the
# paths the build needs. Source it; do not run it.

set -euo pipefail

DF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
# Build artifacts live outside the clone so fresh clones (CI) reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dealflow/target}"
DF_LOG_DIR="${DF_LOG_DIR:-$HOME/.cache/dealflow/logs}"
mkdir -p "$CARGO_TARGET_DIR" "$DF_LOG_DIR"

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# run_logged NAME CMD... — runs quietly; on failure shows the log's tail.
run_logged() {
  local name="$1"; shift
  local log="$DF_LOG_DIR/$name.log"
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "$name failed (full log: $log)"
  fi
}

APT_UPDATED=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "need ${missing[*]}, and apt-get is not available"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ $APT_UPDATED -eq 0 ]; then run_logged apt-update $sudo apt-get update -qq; APT_UPDATED=1; fi
  say "installing ${missing[*]} (apt)"
  run_logged "apt-${missing[0]}" env DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

rustc_minor() { "$@" --version 2>/dev/null | sed -E 's/^rustc 1\.([0-9]+).*/\1/' || echo 0; }

# Path B of shared/TOOLCHAIN.md: Debian's Rust (1.96+) with build-std, as a
# linked rustup toolchain whose cargo always sets RUSTC_BOOTSTRAP=1.
debian_toolchain() {
  apt_install rustc-web cargo-web rust-web-src lld-22
  local d="$DF_ROOT/tools/rust-debian-bootstrap"
  mkdir -p "$d/bin"
  printf '#!/bin/sh\nexport RUSTC_BOOTSTRAP=1\nexec /usr/bin/cargo "$@"\n' >"$d/bin/cargo"
  chmod +x "$d/bin/cargo"
  ln -sf /usr/bin/rustc /usr/bin/rustdoc "$d/bin/"
  ln -sfn /usr/lib "$d/lib"
  rustup toolchain link debian-bootstrap "$d" >/dev/null
}

ensure_wasm_target() {
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then return 0; fi
  say "adding the wasm32-unknown-unknown target"
  if timeout 300 rustup target add wasm32-unknown-unknown >"$DF_LOG_DIR/rustup-target.log" 2>&1 \
     && rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    return 0
  fi
  say "rustup could not download the target; using Debian's Rust with build-std"
  debian_toolchain
  export RUSTUP_TOOLCHAIN=debian-bootstrap
  export DF_BUILD_STD=1
}

ensure_cargo_leptos() {
  if cargo leptos --version >/dev/null 2>&1; then return 0; fi
  say "installing cargo-leptos (once per machine; about 20 minutes)"
  # cargo-leptos needs rustc >= 1.96: the default toolchain, else nightly, else Debian's.
  local tc=""
  if [ "$(rustc_minor rustc)" -ge 96 ]; then tc=""
  elif rustup toolchain list | grep -q '^nightly' && [ "$(rustc_minor rustc +nightly)" -ge 96 ]; then tc="+nightly"
  else debian_toolchain; tc="+debian-bootstrap"; fi
  run_logged cargo-leptos-install cargo $tc install cargo-leptos --locked
}

ensure_wasm_bindgen() {
  local want
  want="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$DF_ROOT/Cargo.lock")"
  [ -n "$want" ] || die "wasm-bindgen is not in Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" = "$want" ]; then return 0; fi
  say "installing wasm-bindgen-cli $want (must match Cargo.lock)"
  # Not --locked: its lockfile pins a yanked crate (shared/TOOLCHAIN.md).
  run_logged wasm-bindgen-install cargo install wasm-bindgen-cli --version "$want" --force
  [ "$(wasm-bindgen --version | awk '{print $2}')" = "$want" ] || die "wasm-bindgen on PATH is not $want"
}

# leptosfmt formats `view!` macros (rustfmt leaves macro bodies alone).
ensure_leptosfmt() {
  if [ "$(leptosfmt --version 2>/dev/null | awk '{print $2}')" = "0.1.33" ]; then return 0; fi
  say "installing leptosfmt 0.1.33 (about a minute, once per machine)"
  run_logged leptosfmt-install cargo install leptosfmt --version 0.1.33 --locked
}

ensure_node_modules() {
  command -v npm >/dev/null || apt_install nodejs npm
  if [ ! -d "$DF_ROOT/node_modules/binaryen" ] || [ ! -f "$DF_ROOT/node_modules/echarts/dist/echarts.min.js" ] \
    || [ "$DF_ROOT/package-lock.json" -nt "$DF_ROOT/node_modules/.package-lock.json" ]; then
    say "installing npm packages (binaryen for wasm-opt, Playwright, ECharts)"
    (cd "$DF_ROOT" && run_logged npm-ci npm ci --no-audit --no-fund)
  fi
  # wasm-opt from npm's binaryen: Debian's 108 breaks the wasm (shared/TOOLCHAIN.md).
  export PATH="$DF_ROOT/node_modules/.bin:$PATH"
  # Charts draw with ECharts from npm, served from public/ (no CDN); cargo leptos copies public/ into the site.
  if ! cmp -s "$DF_ROOT/node_modules/echarts/dist/echarts.min.js" "$DF_ROOT/public/echarts.min.js"; then
    cp "$DF_ROOT/node_modules/echarts/dist/echarts.min.js" "$DF_ROOT/public/echarts.min.js"
  fi
}

# The incremental cache grows with every edit; past ~15 GB it is cheaper to drop it.
prune_target() {
  local inc="$CARGO_TARGET_DIR/debug/incremental"
  if [ -d "$inc" ] && [ "$(du -sk "$inc" | cut -f1)" -gt 15000000 ]; then
    say "pruning the incremental build cache ($inc)"
    rm -rf "$inc"
  fi
}

ensure_build_tools() {
  command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup first"
  prune_target
  ensure_wasm_target
  ensure_cargo_leptos
  ensure_wasm_bindgen
  ensure_leptosfmt
  ensure_node_modules
}

build_release() {
  say "building Dealflow (release)"
  local extra=()
  if [ "${DF_BUILD_STD:-0}" = 1 ]; then extra=(--lib-cargo-args="-Zbuild-std=std,panic_abort"); fi
  # --split: each page is a WASM chunk of its own (see ui::lazy_page); -P: .br and .gz beside every file.
  (cd "$DF_ROOT" && run_logged build cargo leptos build --release --split -P "${extra[@]}")
}

export DF_ROOT
