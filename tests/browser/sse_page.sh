#!/usr/bin/env bash
# The check a person makes in a browser: the showcase's /sse/page, opened in headless
# Chromium, subscribes to /sse with the browser's own EventSource; this script reads the
# page's DOM once the last event (`end`) has closed the stream and checks that every event
# arrived as sent: its type (event name), its id (lastEventId) and its data, multi-line data
# included. Not part of CI (it needs a browser): run it by hand.
#
#   apt-get install chromium          # Debian's package
#   tests/browser/sse_page.sh         # PORT=8790 by default
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${PORT:-8790}"
BROWSER="${BROWSER:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
[ -n "$BROWSER" ] || { echo "no chromium found: apt-get install chromium" >&2; exit 1; }

cargo build --quiet --example showcase
PORT="$PORT" target/debug/examples/showcase >/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break
  sleep 0.1
done

# The page needs about a second (its last events come after a pause); the budget is the
# longest Chromium waits for the page to go idle.
DOM="$("$BROWSER" --headless --no-sandbox --disable-gpu --virtual-time-budget=15000 \
  --dump-dom "http://127.0.0.1:$PORT/sse/page" 2>/dev/null)"

python3 - "$DOM" <<'PY'
import html, json, re, sys

dom = sys.argv[1]
status = re.search(r'<p id="status">([^<]*)</p>', dom)
events = [json.loads(html.unescape(t)) for t in re.findall(r'<li class="event"[^>]*>([^<]*)</li>', dom)]
want = [
    {"type": "book", "id": "1", "data": '{"id":1,"title":"Der Prozeß"}'},
    {"type": "message", "id": "2", "data": "two lines\nof raw text"},
    {"type": "message", "id": "3", "data": '"a JSON string, quoted"'},
    {"type": "late", "id": "4", "data": "after a pause: the keep-alive came before this"},
    {"type": "end", "id": "4", "data": "bye"},
]
ok = status is not None and status.group(1) == "done" and events == want
for e in events:
    print("received:", json.dumps(e, ensure_ascii=False))
print("status:", status.group(1) if status else None)
if not ok:
    print("FAILED: expected", json.dumps(want, ensure_ascii=False, indent=1), file=sys.stderr)
    sys.exit(1)
print(f"OK: the browser received all {len(want)} events as sent")
PY
