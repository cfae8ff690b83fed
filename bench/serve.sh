#!/usr/bin/env bash
# Measures `carepress serve`: time from saving an edited article to the live-reload
# event (and to the served page showing the edit), on a synthetic corpus.
#
#   bench/serve.sh [ARTICLES]            (default: 10000)
#
# The corpus comes from ../shared/bench/gen_corpus.py --flavor carepress. The script
# starts serve on a free port, opens the live-reload stream, edits one article EDITS
# times (default 10; a body edit, as a writer makes), and prints each time and the
# median. FIELD=title edits the title instead (the social kit is recomposed too, after
# the reload is sent).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
EDITS=${EDITS:-10}
FIELD=${FIELD:-body}
GEN=${GEN:-../shared/bench/gen_corpus.py}
WORK=${WORK:-$(mktemp -d /tmp/carepress-serve-bench.XXXXXX)}
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/carepress
SITE=$WORK/site-$N
[ -f "$SITE/carepress.yaml" ] || python3 "$GEN" --out "$SITE" --articles "$N" --flavor carepress >/dev/null
LOG=$WORK/serve.log
"$BIN" serve --root "$SITE" --port 0 --today 2026-11-28 >"$LOG" 2>&1 &
PID=$!
trap 'kill -INT $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
python3 - "$SITE" "$LOG" "$EDITS" "$FIELD" "$N" <<'PY'
import os, re, socket, statistics, sys, time
site, log, edits, field, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
t0 = time.time()
while True:
    text = open(log).read()
    m = re.search(r" at http://([0-9.]+):(\d+)/", text)
    if m:
        break
    if time.time() - t0 > 600:
        sys.exit("serve did not start:\n" + text)
    time.sleep(0.1)
host, port = m.group(1), int(m.group(2))
print(next(l for l in text.splitlines() if " built " in l or "failed" in l))

def get(path):
    s = socket.create_connection((host, port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    return data.decode("utf-8", "replace")

def rebuild_lines():
    return [l for l in open(log).read().splitlines() if " changed: " in l]

sse = socket.create_connection((host, port))
sse.sendall(b"GET /__carepress/events HTTP/1.1\r\nHost: x\r\n\r\n")
sse.settimeout(30)
buf = sse.recv(4096).decode()
slug = f"article-{n // 2:05d}"
path = os.path.join(site, "content", "articles", slug + ".md")
to_reload, to_page = [], []
for i in range(edits):
    marker = f"benchedit{i}x{int(time.time())}"
    original = open(path).read()
    if field == "title":
        edited = re.sub(r'^title: "', f'title: "{marker} ', original, count=1, flags=re.M)
    else:
        edited = original.replace("\n## ", f"\n## {marker} ", 1)
    before = len(rebuild_lines())
    start = time.perf_counter()
    with open(path, "w") as f:
        f.write(edited)
    buf = ""
    while "event: reload" not in buf:
        buf += sse.recv(4096).decode()
    reloaded = time.perf_counter()
    while marker not in get(f"/articles/{slug}/"):
        time.sleep(0.002)
    shown = time.perf_counter()
    to_reload.append((reloaded - start) * 1000)
    to_page.append((shown - start) * 1000)
    # Let the rebuild (and the social kit after it) finish before the next edit.
    while len(rebuild_lines()) <= before:
        time.sleep(0.05)
    print(f"edit {i + 1}: reload event after {to_reload[-1]:.0f} ms, page changed after {to_page[-1]:.0f} ms; {rebuild_lines()[-1].split('] ', 1)[1]}")
    time.sleep(0.3)
print(f"articles={n} field={field} edits={edits}: median save->reload event {statistics.median(to_reload):.0f} ms "
      f"(min {min(to_reload):.0f}, max {max(to_reload):.0f}); median save->page changed {statistics.median(to_page):.0f} ms")
PY
