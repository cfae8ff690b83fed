#!/usr/bin/env bash
# Times carepress's image pipeline against Zola's `resize_image` on the same infographics, in one run.
#
#   bench/images.sh                      (N=40 infographics of 2400×2400 PNG, RUNS=3)
#   ZOLA=/path/to/zola WORK=/tmp/keep bench/images.sh
#
# The corpus comes from ../shared/bench/gen_corpus.py (--articles N --images N, carepress and
# zola flavors); Zola reads the very same PNG files as carepress. Zola gets the site in
# bench/zola/: its infographics.html template makes, for every infographic, five fill crops
# (1200×630, 1080×1080, 1080×1350, 1080×1920, 1600×900; JPEG quality 85) with `resize_image`.
# carepress builds with its default config (same five crops plus pinterest 1000×1500 and the
# srcset widths). Cold = image cache deleted before each run (carepress: .carepress/cache,
# Zola: static/processed_images) and output deleted; warm = unchanged rebuild, cache kept.
# Each row is the median wall time of RUNS runs after one untimed warm-up, and the largest
# peak RSS (GNU time). With CAREPRESS_TIMINGS=1 carepress reports its image phase on stderr;
# that line is shown below the table. Needs a Zola binary (ZOLA, default
# /work/peers/zola/target/release/zola, built from github.com/getzola/zola); CAREPRESS=path
# skips `cargo build`. WORK=dir keeps the corpus (generation takes minutes) for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-40}
RUNS=${RUNS:-3}
GEN=${GEN:-../shared/bench/gen_corpus.py}
ZOLA=${ZOLA:-/work/peers/zola/target/release/zola}
[ -x "$ZOLA" ] || {
  echo "no Zola binary at $ZOLA: build it from https://github.com/getzola/zola (cargo build --release) or set ZOLA" >&2
  exit 2
}
[ -x /usr/bin/time ] || { echo "GNU time is not installed (apt-get install time)" >&2; exit 2; }
if [ -n "${WORK:-}" ]; then mkdir -p "$WORK"; else
  WORK=$(mktemp -d /tmp/carepress-images.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
fi
if [ -z "${CAREPRESS:-}" ]; then
  cargo build --release --quiet
  CAREPRESS=$PWD/target/release/carepress
fi
export CAREPRESS_TIMINGS=1

CP=$WORK/cp ZS=$WORK/zola
if [ "$(find "$CP/content/infographics" -name '*.png' 2>/dev/null | wc -l)" -ne "$N" ]; then
  rm -rf "$CP"
  echo "generating $N infographics (slow: pure-Python PNG encoder) ..." >&2
  python3 "$GEN" --out "$CP" --articles "$N" --images "$N" --flavor carepress >/dev/null
fi
# Same articles (images are generated after the text, so --image-size does not change it) with
# tiny placeholder PNGs, then the carepress PNGs over them: both tools read identical bytes.
rm -rf "$ZS"
python3 "$GEN" --out "$ZS" --articles "$N" --images "$N" --image-size 8 --flavor zola >/dev/null
cp "$CP"/content/infographics/*.png "$ZS/content/infographics/"
cp -r bench/zola/. "$ZS/"

T=0 M=0
timed() { # timed LABEL PREP CMD...: RUNS runs of CMD, shell code PREP before each; sets T (median s), M (max KB)
  local label=$1 prep=$2 out=() i
  shift 2
  for ((i = 0; i < RUNS; i++)); do
    eval "$prep"
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/$label.out" 2>"$WORK/$label.err" || {
      echo "$label failed:" >&2; cat "$WORK/$label.out" "$WORK/$label.err" >&2; exit 1
    }
    out+=("$(cat "$WORK/time")")
  done
  read -r T M < <(printf '%s\n' "${out[@]}" | sort -n | awk -v n="$RUNS" '{t[NR]=$1; if ($2>m) m=$2} END {print t[int((n+1)/2)], m}')
}

cp_build=("$CAREPRESS" build --root "$CP" --out "$WORK/cp-out" --today 2026-11-28)
zola_build=("$ZOLA" --root "$ZS" build)
cp_cold='rm -rf "$CP/.carepress/cache" "$WORK/cp-out"'
zola_cold='rm -rf "$ZS/static/processed_images" "$ZS/public"'

"${cp_build[@]}" >/dev/null 2>&1 || true # warm-up (page cache, binaries)
"${zola_build[@]}" >/dev/null 2>&1 || true
timed cp-cold "$cp_cold" "${cp_build[@]}"; cp_ct=$T cp_cm=$M
timed cp-warm : "${cp_build[@]}"; cp_wt=$T cp_wm=$M
timed zola-cold "$zola_cold" "${zola_build[@]}"; z_ct=$T z_cm=$M
timed zola-warm : "${zola_build[@]}"; z_wt=$T z_wm=$M

crops=$(find "$ZS/static/processed_images" -name '*.jpg' | wc -l)
[ "$crops" -eq $((5 * N)) ] || { echo "Zola made $crops crops, expected $((5 * N))" >&2; exit 1; }

printf '%-10s %9s %9s %9s\n' tool cold_s warm_s peak_MB
printf '%-10s %9s %9s %9d\n' carepress "$cp_ct" "$cp_wt" $(((cp_cm > cp_wm ? cp_cm : cp_wm) / 1024))
printf '%-10s %9s %9s %9d\n' zola "$z_ct" "$z_wt" $(((z_cm > z_wm ? z_cm : z_wm) / 1024))
awk -v a="$cp_ct" -v b="$z_ct" 'BEGIN {printf "ratio      %9.2f  (carepress cold / zola cold; issue 3 asks <= 0.30)\n", a / b}'
echo "$N infographics 2400×2400; zola made $crops crops (5 per source)"
for r in cold warm; do
  line=$(grep -h '^timings: images' "$WORK/cp-$r.err" || true)
  echo "carepress $r (last run): ${line:-no 'timings: images' line on stderr}"
done
