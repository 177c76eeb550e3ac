#!/usr/bin/env bash
# Every benchmark of BENCHMARKS.md, in one command (about 15 minutes on 2 cores):
#
#   benches/run.sh
#
# 1. the allocation counts (a test: `cargo test --test allocations -- --nocapture`),
# 2. the interleaved ratios against the targets (`benches/ratios.rs`),
# 3. criterion's groups, including the size sweep (`benches/responses.rs`),
# 4. the chart of the sweep (`benches/chart.py` -> benches/sweep.png),
# 5. the server-level benchmark (`benches/server.sh`).
#
# Outputs land in target/bench/ (allocations.md, ratios.md, criterion.txt, sweep.md,
# server.md) and target/criterion/.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/bench
mkdir -p "$OUT"

echo "== allocations"
cargo test --release --test allocations -- --nocapture --test-threads=1 2>/dev/null |
  grep '^|' | tee "$OUT/allocations.md"

echo "== interleaved ratios"
cargo bench --features bench --bench ratios 2>/dev/null | tee "$OUT/ratios.md"

echo "== criterion"
cargo bench --features bench --bench responses 2>&1 | tee "$OUT/criterion.txt" |
  grep -E '^[a-z_]+/|time:' || true

echo "== chart"
VENV="$OUT/venv"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import matplotlib' 2>/dev/null || "$VENV/bin/pip" install --quiet matplotlib
"$VENV/bin/python" benches/chart.py | tee "$OUT/sweep.md"

echo "== server"
benches/server.sh
