#!/usr/bin/env bash
# A site with N local videos of M MB each (default 50 x 50 MB): cold build, then an
# unchanged rebuild, in the default configuration. The videos are the example site's
# MP4 with a `free` box of random bytes appended (real bytes on disk, not sparse).
# Usage: bench/videos.sh [N] [MB]   (uses target/release/carepress; WORK=/tmp/bench)
set -euo pipefail
N=${1:-50}; MB=${2:-50}
HERE=$(cd "$(dirname "$0")/.." && pwd)
BIN=$HERE/target/release/carepress
WORK=${WORK:-/tmp/bench}
SITE=$WORK/videos-$N-$MB
rm -rf "$SITE"; mkdir -p "$SITE"
cd "$SITE"
"$BIN" init >/dev/null
SRC=$HERE/content/videos/what-to-expect-at-a-physical
python3 - "$N" "$MB" "$SRC" <<'PY'
import os, sys, struct
n, mb, src = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
head = open(os.path.join(src, "physical.mp4"), "rb").read()
block = os.urandom(1 << 20)
pad = mb * (1 << 20) - len(head) - 8
for i in range(n):
    d = f"content/videos/video-{i:03}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/video.mp4", "wb") as f:
        f.write(head)
        f.write(struct.pack(">I4s", pad + 8, b"free"))
        left = pad
        while left > 0:
            f.write(block[: min(left, len(block))]); left -= len(block)
    with open(os.path.join(src, "physical.en.vtt")) as c:
        open(f"{d}/captions.vtt", "w").write(c.read())
    open(f"{d}/index.md", "w").write(f"""---
title: Video {i}
description: Test video {i}.
date: 2026-11-01
src: video.mp4
duration: "0:20"
captions: captions.vtt
reviewed_by: Dr. Test, MD
last_reviewed: 2026-10-01
---

A check-up helps you stay well, even when you feel fine.
""")
PY
sync
t() { local s=$(date +%s.%N); "$BIN" build --root "$SITE" >/dev/null 2>&1 || true; echo "$(echo "$(date +%s.%N) - $s" | bc)"; }
echo "site: $N videos of $MB MB ($(du -sh content/videos | cut -f1))"
echo "cold build: $(t) s"
echo "unchanged rebuild: $(t) s"
echo "unchanged rebuild: $(t) s"
touch content/videos/video-000/index.md
echo "rebuild after editing one video's text: $(t) s"
echo "output video files share the source's inode: $(stat -c %i content/videos/video-000/video.mp4) = $(stat -c %i public/videos/video-000/video.mp4)"
