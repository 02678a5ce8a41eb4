#!/usr/bin/env bash
# Runs Dealflow on http://127.0.0.1:3000 with an SQLite database under data/
# (demo data on first start). Installs whatever is missing first.
source "$(dirname "$0")/lib.sh"
ensure_build_tools
build_release
cd "$DF_ROOT"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$DF_ROOT/target/site}"
export DEALFLOW_DATA_DIR="${DEALFLOW_DATA_DIR:-$DF_ROOT/data}"
exec "$CARGO_TARGET_DIR/release/dealflow" serve
