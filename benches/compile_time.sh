#!/usr/bin/env bash
# Compile-time cost of `#[derive(Response)]` against hand-written `IntoHttp` impls.
#
#   benches/compile_time.sh                    # N=100 types, 5 rounds, debug profile
#   N=5 ROUNDS=1 benches/compile_time.sh       # smoke test
#   RELEASE=1 benches/compile_time.sh          # also the release profile
#
# Environment:
#   N=100          response types per crate
#   ROUNDS=5       interleaved rounds
#   RELEASE=0      1: measure the release profile as well as debug
#   CHECK=1        0: skip the check that both crates give equal responses
#   KEEP=0         1: keep the temporary directory (its path is printed)
#   BUILD_TIMEOUT=1800  seconds after which one cargo build is killed (the script then fails)
#   CARGO_BUILD_JOBS, CARGO_INCREMENTAL, RUSTFLAGS…: passed to cargo as usual.
#
# In a temporary directory, benches/compile_time_gen.py generates two crates that depend on
# this repository's runtime by path: `derived` (N types with `#[derive(Response)]`: JSON
# structs, some with header and cookie fields, HTML and text bodies, enums of 2–3 variants)
# and `handwritten` (the same types, `#[derive(serde::Serialize)]` where a JSON body needs it,
# and a hand-written `impl IntoHttp` with the runtime's classes), plus `check`, which asserts
# that both give the same responses. They share one CARGO_TARGET_DIR, so dependencies build
# once (warm-up). Then, in each round, in an order alternating between rounds, for each crate:
#
#   clean        `cargo clean -p <crate>` then `cargo build`: the crate itself from scratch
#   incremental  one string literal changed in the last type's module, then `cargo build`
#
# Each round gives a ratio derived / hand-written per measurement; the report gives the
# median and 25th–75th percentile of those ratios and the median seconds of each crate, as
# a markdown table for BENCHMARKS.md. Target: derived ≤ 1.2 × hand-written.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
RUNTIME="$REPO/runtime"
GEN="$HERE/compile_time_gen.py"

N="${N:-100}"
ROUNDS="${ROUNDS:-5}"
RELEASE="${RELEASE:-0}"
CHECK="${CHECK:-1}"
KEEP="${KEEP:-0}"
BUILD_TIMEOUT="${BUILD_TIMEOUT:-1800}"

die() { echo "compile_time.sh: $*" >&2; exit 1; }

[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer (got '$N')"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer (got '$ROUNDS')"
command -v cargo >/dev/null || die "cargo not found in PATH"
command -v python3 >/dev/null || die "python3 not found in PATH"
[ -f "$RUNTIME/Cargo.toml" ] || die "no runtime crate at $RUNTIME"
[ -f "$GEN" ] || die "generator $GEN missing"
TIMEOUT=()
if command -v timeout >/dev/null; then TIMEOUT=(timeout --foreground -k 30 "$BUILD_TIMEOUT"); fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/responses-compile-time.XXXXXX")"
cleanup() {
  if [ "$KEEP" = 1 ]; then echo "kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export CARGO_TARGET_DIR="$TMP/target"
RESULTS="$TMP/results.txt"
LOG="$TMP/build.log"
: >"$RESULTS"

PROFILES=(dev)
[ "$RELEASE" = 1 ] && PROFILES+=(release)

now() { date +%s.%N; }

# build CRATE PROFILE: one cargo build; on failure show its output and stop.
build() {
  local crate="$1" profile="$2"
  if ! "${TIMEOUT[@]}" cargo build --quiet --profile "$profile" \
    --manifest-path "$TMP/$crate/Cargo.toml" >"$LOG" 2>&1; then
    echo "cargo build of $crate ($profile) failed (or exceeded ${BUILD_TIMEOUT}s):" >&2
    tail -n 60 "$LOG" >&2
    exit 1
  fi
}

# timed CRATE PROFILE PHASE ROUND: build and record the wall-clock seconds.
timed() {
  local crate="$1" profile="$2" phase="$3" round="$4" t0 t1 secs
  t0="$(now)"
  build "$crate" "$profile"
  t1="$(now)"
  secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
  echo "$profile $phase $crate $round $secs" >>"$RESULTS"
  printf '  %-7s %-11s %-11s %8.2f s\n' "$profile" "$phase" "$crate" "$secs" >&2
}

# edit CRATE ROUND: change the string literal LABEL of the last type's module.
edit() {
  local file="$TMP/$1/src/t$((N - 1)).rs"
  sed -i -E "s/^(pub const LABEL: &str = \"t$((N - 1))-)[^\"]*\";/\1r$2\";/" "$file"
  grep -q "\"t$((N - 1))-r$2\"" "$file" || die "could not edit $file"
}

echo "== generating N=$N types per crate in $TMP" >&2
python3 "$GEN" gen "$TMP" "$RUNTIME" "$N" "$REPO/Cargo.lock"

echo "== warm-up: dependencies (${PROFILES[*]})" >&2
for profile in "${PROFILES[@]}"; do
  for crate in derived handwritten; do build "$crate" "$profile"; done
done
if [ "$CHECK" = 1 ]; then
  build check dev
  "$CARGO_TARGET_DIR/debug/check" >&2 || die "derived and handwritten responses differ"
fi

for round in $(seq 1 "$ROUNDS"); do
  if ((round % 2)); then order=(derived handwritten); else order=(handwritten derived); fi
  echo "== round $round/$ROUNDS" >&2
  for profile in "${PROFILES[@]}"; do
    for crate in "${order[@]}"; do
      "${TIMEOUT[@]}" cargo clean --quiet --profile "$profile" -p "$crate" \
        --manifest-path "$TMP/$crate/Cargo.toml" >"$LOG" 2>&1 ||
        { tail -n 20 "$LOG" >&2; die "cargo clean -p $crate failed"; }
      timed "$crate" "$profile" clean "$round"
      edit "$crate" "$round"
      timed "$crate" "$profile" incremental "$round"
    done
  done
done

cat <<EOF

## Compile time: \`#[derive(Response)]\` against hand-written \`IntoHttp\`

$N response types per crate, $ROUNDS interleaved rounds; $(rustc --version 2>/dev/null || echo rustc); $(nproc 2>/dev/null || echo '?') cores, CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-default}, CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-default}.
*clean*: \`cargo clean -p <crate>\` then \`cargo build\` (the crate only; dependencies built).
*incremental*: one string literal changed in the last type's module, then \`cargo build\`.
Target: derived ≤ 1.2 × hand-written.

EOF
python3 "$GEN" stats "$RESULTS"
