#!/usr/bin/env bash
# Server-level benchmark, loopback only, bounded in time (about 6 minutes with defaults).
#
#   benches/server.sh                      # everything
#   DURATION=5 ROUNDS=3 benches/server.sh  # shorter
#   SKIP_STARLETTE=1 SKIP_FILES=1 benches/server.sh
#   SKIP_JSON=1 benches/server.sh           # files only
#
# JSON: the *small* payload from the same handler written with hyper by hand, with our
# types on hyper and on axum, with `axum::Json`, and with Starlette on uvicorn (one worker).
# The server runs on core 0, `wrk` (1 thread, 64 connections) on core 1; modes are
# measured in ROUNDS interleaved rounds and the median requests/s is reported.
#
# Files: a 100 MiB and a 1 GiB file served by `FileResponse` and by tower-http's
# `ServeFile` (both on axum), downloaded one at a time with curl on one connection;
# throughput is the median of the downloads, memory the server's peak RSS
# (`/usr/bin/time -v`, and VmRSS/VmHWM from /proc) over its idle RSS.
#
# Needs: wrk, curl, taskset, /usr/bin/time (Debian: wrk, curl, util-linux, time) and, for
# Starlette, python3 with venv. Results go to stdout and target/bench/server.md.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-8}"
ROUNDS="${ROUNDS:-5}"
CONNECTIONS="${CONNECTIONS:-64}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
OUT=target/bench
mkdir -p "$OUT"
REPORT="$OUT/server.md"

need() {
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null; then
      echo "missing $tool; on Debian: apt-get install -y wrk curl util-linux time" >&2
      exit 1
    fi
  done
}
need wrk curl taskset
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time (apt-get install -y time)" >&2; exit 1; }

cargo build --release --features bench --example bench_server
SERVER=target/release/examples/bench_server

PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_port() {
  for _ in $(seq 1 100); do
    if curl -s -I -o /dev/null "http://127.0.0.1:$1${2:-/}"; then return 0; fi
    sleep 0.1
  done
  echo "server on port $1 did not start" >&2
  return 1
}

busy() { # PORT: fails when something already answers there (a server left over)
  if curl -s -o /dev/null "http://127.0.0.1:$1/"; then
    echo "port $1 is in use: stop what listens there first" >&2
    exit 1
  fi
}

# start MODE PORT [FILE...]: starts a server pinned to SERVER_CPU, sets SERVER_PID.
start() {
  local mode=$1 port=$2
  shift 2
  busy "$port"
  taskset -c "$SERVER_CPU" "$SERVER" "$mode" "$port" "$@" 2>/dev/null &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
}

rps() { # URL -> requests/s
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$1" |
    awk '/^Requests\/sec:/ {print $2}'
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

{
  echo "# Server-level benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')), server on core $SERVER_CPU, client on core $CLIENT_CPU"
  echo
} >"$REPORT"

# --- JSON ---------------------------------------------------------------------------------
if [ -z "${SKIP_JSON:-}" ]; then
MODES=(hyper-hand hyper-ours axum-ours axum-json)
declare -A PORT=([hyper-hand]=8101 [hyper-ours]=8102 [axum-ours]=8103 [axum-json]=8104 [starlette]=8105)
declare -A RESULTS
for m in "${MODES[@]}"; do
  start "$m" "${PORT[$m]}"
  wait_port "${PORT[$m]}" /json
done
if [ -z "${SKIP_STARLETTE:-}" ]; then
  VENV=target/bench/venv
  if [ ! -x "$VENV/bin/uvicorn" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "starlette==1.10.0" "uvicorn[standard]==0.54.0"
  fi
  busy "${PORT[starlette]}"
  taskset -c "$SERVER_CPU" "$VENV/bin/uvicorn" starlette_app:app --app-dir benches \
    --host 127.0.0.1 --port "${PORT[starlette]}" --workers 1 --log-level warning \
    --no-access-log &
  PIDS+=("$!")
  wait_port "${PORT[starlette]}" /json
  MODES+=(starlette)
fi
# The same bytes from every server (Starlette's headers differ only in order and date).
for m in "${MODES[@]}"; do
  body=$(curl -s "http://127.0.0.1:${PORT[$m]}/json")
  [ "$body" = '{"id":1000007,"name":"Zoë Durand 7","active":true}' ] ||
    { echo "$m answered $body" >&2; exit 1; }
done
for m in "${MODES[@]}"; do # warm-up
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d2s "http://127.0.0.1:${PORT[$m]}/json" >/dev/null
done
n=${#MODES[@]}
for r in $(seq 0 $((ROUNDS - 1))); do
  for j in $(seq 0 $((n - 1))); do
    m=${MODES[$(((r + j) % n))]}
    v=$(rps "http://127.0.0.1:${PORT[$m]}/json")
    RESULTS[$m]="${RESULTS[$m]:-} $v"
    echo "round $r $m: $v req/s" >&2
  done
done
{
  echo "## JSON (*small*), requests/s, wrk -t1 -c$CONNECTIONS -d${DURATION}s, $ROUNDS interleaved rounds"
  echo
  echo "| server | median req/s | all rounds | vs hyper-hand (median of per-round ratios) |"
  echo "|---|---|---|---|"
  for m in "${MODES[@]}"; do
    med=$(echo "${RESULTS[$m]}" | tr ' ' '\n' | grep -v '^$' | median)
    read -ra mine <<<"${RESULTS[$m]}"
    read -ra base <<<"${RESULTS[hyper-hand]}"
    ratio=$(for i in "${!mine[@]}"; do echo "${mine[$i]} ${base[$i]}" | awk '{printf "%.4f\n", $1/$2}'; done | median)
    echo "| $m | $med | ${RESULTS[$m]# } | $ratio |"
  done
  echo
  echo "Per round, axum-ours / axum-json:" \
    "$(read -ra a <<<"${RESULTS[axum-ours]}"; read -ra b <<<"${RESULTS[axum-json]}";
       for i in "${!a[@]}"; do echo "${a[$i]} ${b[$i]}" | awk '{printf "%.4f\n", $1/$2}'; done | median) (median)"
  echo
} >>"$REPORT"
cleanup
PIDS=()
fi

# --- files ----------------------------------------------------------------------------------
if [ -z "${SKIP_FILES:-}" ]; then
  FILES=target/bench/files
  mkdir -p "$FILES"
  [ -f "$FILES/100MiB" ] || head -c $((100 << 20)) /dev/urandom >"$FILES/100MiB"
  [ -f "$FILES/1GiB" ] || head -c $((1 << 30)) /dev/urandom >"$FILES/1GiB"
  {
    echo "## Files: one connection, curl to /dev/null"
    echo
    echo "| server | file | downloads | median throughput | idle RSS | peak RSS | growth | /usr/bin/time max RSS |"
    echo "|---|---|---|---|---|---|---|---|"
  } >>"$REPORT"
  port=8110
  for size in 100MiB 1GiB; do
    downloads=$([ "$size" = 1GiB ] && echo 5 || echo 15)
    for mode in axum-file-ours axum-file-servefile; do
      port=$((port + 1))
      timelog="$OUT/time-$mode-$size.txt"
      busy "$port"
      /usr/bin/time -v -o "$timelog" taskset -c "$SERVER_CPU" "$SERVER" "$mode" "$port" "$FILES/$size" 2>/dev/null &
      timepid=$!
      PIDS+=("$timepid")
      wait_port "$port" /file
      pid=$(pgrep -f "^$SERVER $mode $port" | head -1)
      [ -n "$pid" ] || { echo "no $mode server on port $port" >&2; exit 1; }
      idle=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
      speeds=()
      for _ in $(seq 1 "$downloads"); do
        s=$(taskset -c "$CLIENT_CPU" curl -s -o /dev/null -w '%{speed_download}' "http://127.0.0.1:$port/file")
        speeds+=("$s")
      done
      peak=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
      kill -TERM "$pid"
      wait "$timepid" 2>/dev/null || true
      maxrss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$timelog")
      med=$(printf '%s\n' "${speeds[@]}" | median)
      echo "$mode $size: $(awk -v b="$med" 'BEGIN {printf "%.2f GB/s", b/1e9}')" >&2
      awk -v m="$mode" -v f="$size" -v n="$downloads" -v b="$med" -v i="$idle" -v p="$peak" -v t="$maxrss" \
        'BEGIN {printf "| %s | %s | %d | %.2f GB/s | %.1f MiB | %.1f MiB | %.1f MiB | %.1f MiB |\n", m, f, n, b/1e9, i/1024, p/1024, (p-i)/1024, t/1024}' >>"$REPORT"
      PIDS=()
    done
  done
  echo >>"$REPORT"
fi

cat "$REPORT"
