#!/usr/bin/env bash
# `carepress report` against GoAccess 1.7 on the same access logs, side by side in one
# run: logs of 100 MB and 1 GB from ../shared/bench/gen_logs.py (and the 1 GB one
# gzipped), each tool's wall time and peak memory (/usr/bin/time), and the floor of
# reading the file and counting its lines. carepress runs in its default configuration
# on a site made by `carepress init` with the log as its only input.
# Usage: bench/report.sh [MB...]   (default 100 1000; uses target/release/carepress;
# WORK=/tmp/bench; needs goaccess: apt-get install goaccess)
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
BIN=$HERE/target/release/carepress
WORK=${WORK:-/tmp/bench}/report
SIZES=${*:-100 1000}
mkdir -p "$WORK"
command -v goaccess >/dev/null || { echo "goaccess is not installed (apt-get install goaccess)"; exit 2; }
measure() { # label, command...: prints "label seconds max_rss_mb"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || { cat "$WORK/stderr"; exit 1; }
  read -r secs kb <"$WORK/time"
  printf '%-34s %8.2f s %8.0f MB\n' "$label" "$secs" "$((kb / 1024))"
}
for MB in $SIZES; do
  LOG=$WORK/access-$MB.log
  [ -f "$LOG" ] || python3 "$HERE/../shared/bench/gen_logs.py" --out "$LOG" --mb "$MB"
  [ -f "$LOG.gz" ] || gzip -k -1 "$LOG"
  SITE=$WORK/site-$MB
  rm -rf "$SITE"; mkdir -p "$SITE"; (cd "$SITE" && "$BIN" init >/dev/null 2>&1)
  mkdir -p "$SITE/analytics"; ln -f "$LOG" "$SITE/analytics/access.log"
  GZSITE=$WORK/site-$MB-gz
  rm -rf "$GZSITE"; mkdir -p "$GZSITE"; (cd "$GZSITE" && "$BIN" init >/dev/null 2>&1)
  mkdir -p "$GZSITE/analytics"; ln -f "$LOG.gz" "$GZSITE/analytics/access.log.gz"
  echo "== $MB MB ($(wc -l <"$LOG") lines)"
  cat "$LOG" >/dev/null  # warm the page cache for everyone alike
  measure "floor: wc -l" wc -l "$LOG"
  measure "carepress report" "$BIN" report --root "$SITE" --today 2026-12-06
  measure "goaccess 1.7" goaccess "$LOG" --log-format=COMBINED -o "$WORK/goaccess.html"
  measure "carepress report (gzip)" "$BIN" report --root "$GZSITE" --today 2026-12-06
done
