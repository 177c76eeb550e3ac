#!/usr/bin/env bash
# What the `utoipa` and `aide` features add to the build of a small app.
#
#   benches/openapi_build.sh            # N=20 derived types, ROUNDS=3
#
# In a temporary directory, benches/compile_time_gen.py generates the `derived` crate of
# benches/compile_time.sh (N response types with `#[derive(Response)]`: JSON structs, some
# with header and cookie fields, HTML and text, enums). It is built three ways, each with its
# own target directory: the runtime with default features, with `utoipa`, and with `aide`.
# For each:
#
#   full   the first `cargo build` (debug): every dependency and the crate, from nothing
#   crate  `cargo clean -p derived` then `cargo build`: the crate alone (its derives now also
#          emit the OpenAPI impls); median of ROUNDS, interleaved
#
# The report is a markdown table for BENCHMARKS.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
N="${N:-20}"
ROUNDS="${ROUNDS:-3}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/responses-openapi-build.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

python3 "$HERE/compile_time_gen.py" gen "$TMP/gen" "$REPO/runtime" "$N" "$REPO/Cargo.lock"
CONFIGS=(default utoipa aide)
for config in "${CONFIGS[@]}"; do
  cp -r "$TMP/gen/derived" "$TMP/$config"
  case "$config" in
    default) features="" ;;
    *) features=", features = [\"$config\"]" ;;
  esac
  sed -i -E "s|^responses = \{ path = \"([^\"]*)\" \}|responses = { path = \"\1\"$features }|" "$TMP/$config/Cargo.toml"
done

declare -A FULL
for config in "${CONFIGS[@]}"; do
  echo "== full build: $config" >&2
  t0="$(now)"
  CARGO_TARGET_DIR="$TMP/target-$config" cargo build --quiet --manifest-path "$TMP/$config/Cargo.toml"
  FULL[$config]="$(secs "$t0" "$(now)")"
  echo "   ${FULL[$config]} s" >&2
done

RESULTS="$TMP/crate.txt"
: >"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  for config in "${CONFIGS[@]}"; do
    CARGO_TARGET_DIR="$TMP/target-$config" cargo clean --quiet -p derived --manifest-path "$TMP/$config/Cargo.toml"
    t0="$(now)"
    CARGO_TARGET_DIR="$TMP/target-$config" cargo build --quiet --manifest-path "$TMP/$config/Cargo.toml"
    echo "$config $(secs "$t0" "$(now)")" | tee -a "$RESULTS" >&2
  done
done

median() { grep "^$1 " "$RESULTS" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo
echo "$N derived types; $(rustc --version); $(nproc) cores; debug profile."
echo
echo "| runtime features | full build, s | the crate alone, s (median of $ROUNDS) |"
echo "|---|---|---|"
for config in "${CONFIGS[@]}"; do
  echo "| $config | ${FULL[$config]} | $(median "$config") |"
done
