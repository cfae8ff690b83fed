#!/usr/bin/env bash
# Times `carepress build` against Hugo on the same synthetic corpus, in one run.
#
#   bench/build.sh [ARTICLES ...]        (default: 1000 10000)
#
# Corpora come from ../shared/bench/gen_corpus.py (--flavor carepress / --flavor hugo);
# Hugo gets the minimal layouts in bench/hugo/ (page, list with pagination, tags,
# RSS, sitemap). Each tool builds RUNS times (default 3) after one warm-up run;
# the table gives the median wall time and the largest peak RSS (GNU time).
# Title cards are turned off (`social.images.cards: false`): this measures the page
# build; images have their own benchmark (bench/images.sh). Both tools' timed runs
# rebuild over their previous output (the warm-up's), as a local or cached CI rebuild
# does; carepress links files that did not change from it.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-1000 10000}")
[ $# -eq 0 ] && SIZES=(1000 10000)
RUNS=${RUNS:-3}
GEN=${GEN:-../shared/bench/gen_corpus.py}
WORK=${WORK:-$(mktemp -d /tmp/carepress-bench.XXXXXX)}
command -v hugo >/dev/null || { echo "hugo is not installed (apt-get install hugo)"; exit 2; }
cargo build --release --quiet
BIN=$PWD/target/release/carepress

measure() { # prints "seconds kilobytes" of the median run
  local out=() i
  "$@" >/dev/null 2>&1 || true  # warm-up
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err"; exit 1; }
    out+=("$(cat "$WORK/time")")
  done
  printf '%s\n' "${out[@]}" | sort -n | awk -v n="$RUNS" '{t[NR]=$1; if ($2>m) m=$2} END {print t[int((n+1)/2)], m}'
}

printf '%-9s %-10s %10s %12s\n' articles tool wall_s peak_MB
for n in "${SIZES[@]}"; do
  python3 "$GEN" --out "$WORK/cp-$n" --articles "$n" --flavor carepress >/dev/null
  printf 'social:\n  images:\n    cards: false\n' >> "$WORK/cp-$n/carepress.yaml"
  python3 "$GEN" --out "$WORK/hugo-$n" --articles "$n" --flavor hugo >/dev/null
  cp -r bench/hugo/. "$WORK/hugo-$n/"
  read -r cp_t cp_m < <(measure "$BIN" build --root "$WORK/cp-$n" --out "$WORK/cp-out-$n" --today 2026-11-28)
  read -r hu_t hu_m < <(measure hugo --source "$WORK/hugo-$n" --destination "$WORK/hugo-out-$n" --quiet)
  printf '%-9s %-10s %10s %12d\n' "$n" carepress "$cp_t" $((cp_m / 1024))
  printf '%-9s %-10s %10s %12d\n' "$n" hugo "$hu_t" $((hu_m / 1024))
  awk -v a="$cp_t" -v b="$hu_t" -v n="$n" 'BEGIN {printf "%-9s ratio      %10.2f  (carepress / hugo wall time)\n", n, a / b}'
done
rm -rf "$WORK"
