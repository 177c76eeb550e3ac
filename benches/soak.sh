#!/usr/bin/env bash
# Load and soak, loopback only, bounded in time (about 15 minutes with the defaults):
#
#   benches/soak.sh                                  # 256 connections: 60 s per route, then 10 min mixed
#   PHASE=10 MIXED=60 benches/soak.sh                # shorter
#
# The server (`benches/soak_server.rs`, one Tokio thread on core 0) answers JSON, a 1 MiB file
# (here with two ranges, so multipart), and a 64 KiB stream, each response with a background
# task that counts. wrk (2 threads on core 1) loads each route for PHASE seconds with
# CONNECTIONS connections, then all three mixed for MIXED seconds. For each phase the report
# gives requests, errors (socket errors, and statuses other than 2xx/3xx), p99 latency, and
# the tasks that ran; and for the whole run the server's RSS before, at its peak and after.
# Targets: 0 errors; RSS after within 10 % of before; one task per completed response (a
# response wrk abandons when a phase ends has no task: at most CONNECTIONS of them).
#
# Needs wrk, curl, taskset (Debian: wrk, curl, util-linux). Writes target/bench/soak.md.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS="${CONNECTIONS:-256}"
PHASE="${PHASE:-60}"
MIXED="${MIXED:-600}"
PORT="${PORT:-8391}"
OUT=target/bench
mkdir -p "$OUT"
REPORT="$OUT/soak.md"

for tool in wrk curl taskset; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk curl util-linux)" >&2; exit 1; }
done

cargo build --release --example soak_server
taskset -c 0 target/release/examples/soak_server "$PORT" &
SERVER=$!
LUA="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$LUA"' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/stats" && break
  sleep 0.1
done

rss() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$SERVER/status"; }
tasks() { curl -s "http://127.0.0.1:$PORT/stats" | sed 's/[^0-9]//g'; }

cat > "$LUA/ranges.lua" <<'LUA'
wrk.headers["Range"] = "bytes=0-4095,65536-131071"
LUA
cat > "$LUA/mixed.lua" <<'LUA'
local paths = {"/json", "/file", "/stream", "/json"}
local n = 0
request = function()
  n = n + 1
  local path = paths[(n % #paths) + 1]
  local headers = {}
  if path == "/file" and n % 8 == 1 then headers["Range"] = "bytes=100-199" end
  return wrk.format("GET", path, headers)
end
LUA

# One wrk run: prints "requests errors p99" for the report.
load() { # NAME PATH SECONDS [SCRIPT]
  local name=$1 path=$2 seconds=$3 script=${4:-}
  local before after out requests socket non2xx p99
  before=$(tasks)
  out=$(taskset -c 1 wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --latency ${script:+-s "$script"} "http://127.0.0.1:$PORT$path")
  sleep 2
  after=$(tasks)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  socket=$(echo "$out" | awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  echo "| $name | ${seconds} s | $requests | $((${socket:-0} + ${non2xx:-0})) | $p99 | $((after - before)) |"
}

RSS_COLD=$(rss)
# Warm-up: the mixed load makes the runtime's and the allocator's working set for this many
# connections (hyper's write buffers, up to a few hundred KiB each for a slow reader; the JSON
# scratch buffer; malloc's arenas, which keep freed memory); "before" is measured after it,
# so that "after" against "before" shows growth over the run, a leak, not first use.
taskset -c 1 wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-60}s" -s "$LUA/mixed.lua" "http://127.0.0.1:$PORT/" >/dev/null
sleep 2
RSS_BEFORE=$(rss)
{
  echo "## Soak: $CONNECTIONS connections, loopback (benches/soak.sh)"
  echo
  echo "| phase | length | requests completed | errors | p99 latency | background tasks run |"
  echo "|---|---|---|---|---|---|"
  load "JSON" /json "$PHASE"
  load "file, two ranges (multipart)" /file "$PHASE" "$LUA/ranges.lua"
  load "stream (64 KiB, 16 chunks)" /stream "$PHASE"
  load "mixed (JSON, file, ranges, stream)" / "$MIXED" "$LUA/mixed.lua"
  sleep 3
  RSS_AFTER=$(rss)
  RSS_PEAK=$(hwm)
  echo
  echo "Server RSS: idle at start ${RSS_COLD} KiB; before ${RSS_BEFORE} KiB (after a ${WARMUP:-60} s warm-up), peak ${RSS_PEAK} KiB, after ${RSS_AFTER} KiB" \
    "($(awk -v a="$RSS_AFTER" -v b="$RSS_BEFORE" 'BEGIN {printf "%+.1f %%", (a - b) * 100 / b}') after/before)."
} | tee "$REPORT"
