#!/usr/bin/env bash
# The whole test suite: the layering and formatting checks, unit tests, the
# HTTP integration suite on SQLite and on PostgreSQL (a throwaway cluster on
# a loopback port, or the server named by DEALFLOW_TEST_POSTGRES_URL), then
# the browser tests in Chromium; the storage tests also run against an
# S3-compatible server (moto) on loopback.
# Installs whatever is missing first.
source "$(dirname "$0")/lib.sh"
ensure_build_tools
[ -x /usr/bin/chromium ] || apt_install chromium
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || [ -n "${DEALFLOW_TEST_POSTGRES_URL:-}" ] || apt_install postgresql
cd "$DF_ROOT"

# Servers the tests use, stopped however the script ends.
cleanups=()
cleanup() { for c in "${cleanups[@]}"; do eval "$c"; done; }
trap cleanup EXIT

# An S3-compatible server on loopback (moto, from PyPI) for the storage
# tests, unless DEALFLOW_TEST_S3_ENDPOINT names one.
if [ -z "${DEALFLOW_TEST_S3_ENDPOINT:-}" ]; then
  venv="$HOME/.cache/dealflow/venv"
  if [ ! -x "$venv/bin/moto_server" ]; then
    say "installing moto (an S3-compatible test server, once per machine)"
    command -v python3 >/dev/null || apt_install python3 python3-venv
    run_logged moto-install bash -c "python3 -m venv '$venv' && '$venv/bin/pip' install -q 'moto[server]==5.2.5'"
  fi
  s3port="${DEALFLOW_TEST_S3_PORT:-54331}"
  "$venv/bin/moto_server" -H 127.0.0.1 -p "$s3port" >"$DF_LOG_DIR/moto.log" 2>&1 &
  cleanups+=("kill $! 2>/dev/null")
  for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$s3port") 2>/dev/null && break; sleep 0.1; done
  export DEALFLOW_TEST_S3_ENDPOINT="http://127.0.0.1:$s3port"
fi

started=$(date +%s)
say "imports run one way, code formatted"
command -v python3 >/dev/null || apt_install python3
python3 scripts/check_layers.py || die "an import runs upward (see above)"
cargo fmt --version >/dev/null 2>&1 || run_logged rustfmt-install rustup component add rustfmt
cargo fmt --check >"$DF_LOG_DIR/fmt.log" 2>&1 || { head -n 40 "$DF_LOG_DIR/fmt.log"; die "code is not formatted: run leptosfmt src && cargo fmt"; }
leptosfmt --check -q src >"$DF_LOG_DIR/leptosfmt.log" 2>&1 || { head -n 40 "$DF_LOG_DIR/leptosfmt.log"; die "view! macros are not formatted: run leptosfmt src && cargo fmt"; }

say "unit and integration tests on SQLite"
# run_cargo_tests NAME ARGS...: runs cargo test, shows the summary lines, fails on any failure.
run_cargo_tests() {
  local name="$1"; shift
  local log="$DF_LOG_DIR/test-$name.log" rc=0
  cargo test --features ssr --no-fail-fast "$@" >"$log" 2>&1 || rc=$?
  grep -E '^(test result|test .*FAILED|failures:|---- |thread .* panicked|error(\[|:))' "$log" || true
  [ "$rc" -eq 0 ] || die "tests failed on $name (log: $log)"
}

DEALFLOW_TEST_DATABASE_URL=sqlite run_cargo_tests sqlite

PG_URL="${DEALFLOW_TEST_POSTGRES_URL:-}"
if [ -z "$PG_URL" ]; then
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  pgdir="$(mktemp -d /tmp/dealflow-pg.XXXXXX)"
  port="${DEALFLOW_TEST_PG_PORT:-54329}"
  as_pg=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$pgdir"; as_pg=(runuser -u postgres --); fi
  say "starting a throwaway PostgreSQL on 127.0.0.1:$port"
  run_logged pg-initdb "${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -A trust -U dealflow -E UTF8 --no-sync
  run_logged pg-start "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
    -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start
  cleanups+=("\"\${as_pg[@]}\" \"$pgbin/pg_ctl\" -D \"$pgdir/data\" -m fast -w stop >/dev/null 2>&1; rm -rf \"$pgdir\"")
  PG_URL="postgres://dealflow@127.0.0.1:$port/postgres"
fi
say "integration tests on PostgreSQL"
DEALFLOW_TEST_DATABASE_URL="$PG_URL" run_cargo_tests postgres --test '*'

say "WhatsApp bridge (its own crate; the Dealflow side runs against a local server)"
bridge_log="$DF_LOG_DIR/test-bridge.log"
(cd bridge && cargo test --locked) >"$bridge_log" 2>&1 || {
  grep -E '^(test result|test .*FAILED|---- |thread .* panicked|error(\[|:))' "$bridge_log" || true
  die "bridge tests failed (log: $bridge_log)"
}
grep -E '^test result' "$bridge_log" || true

build_release
# What a browser downloads (first load, each page); fails if sign-in +
# overview grows past its budget (README, "A light first load").
say "WASM sizes (target/site/pkg)"
python3 scripts/wasm_size.py target/site/pkg --max-overview-br 560000 | tee "$DF_LOG_DIR/wasm-size.log" || die "the first load grew past its budget"
# The contact importer on the labelled files beside the repository, when
# they are there (../shared/import): every row right.
if [ -f ../shared/import/score.py ]; then
  say "contact import on the labelled files (../shared/import)"
  score_dir="$(mktemp -d)"
  DEALFLOW_DATA_DIR="$score_dir" python3 ../shared/import/score.py ../shared/import "$CARGO_TARGET_DIR/release/dealflow" contacts import-preview \
    | tee "$DF_LOG_DIR/import-score.log"
  rm -rf "$score_dir"
  grep -q '^accuracy 100.0%' "$DF_LOG_DIR/import-score.log" || die "the importer got rows of the labelled files wrong (above)"
fi
say "browser tests (Chromium, Playwright)"
export DEALFLOW_BIN="$CARGO_TARGET_DIR/release/dealflow"
export LEPTOS_SITE_ROOT="$DF_ROOT/target/site"
rc=0
(cd end2end && node "$DF_ROOT/node_modules/@playwright/test/cli.js" test) >"$DF_LOG_DIR/test-e2e.log" 2>&1 || rc=$?
cat "$DF_LOG_DIR/test-e2e.log"
[ "$rc" -eq 0 ] || die "browser tests failed (screenshots: end2end/test-results/)"

say "all tests passed in $(( $(date +%s) - started ))s (SQLite, PostgreSQL, Chromium)"
