#!/usr/bin/env bash
# Times `carepress build` against Hugo on the same synthetic corpus, in one run, in
# carepress's default configuration (title cards on).
#
#   bench/build.sh [ARTICLES ...]        (default: 1000 10000)
#
# Corpora come from ../shared/bench/gen_corpus.py (--flavor carepress / --flavor hugo);
# Hugo gets the minimal layouts in bench/hugo/ (page, list with pagination, tags, RSS,
# sitemap). Cold: output and caches deleted before each run (carepress: .carepress/cache,
# social-kit/ and the kept previous outputs; Hugo: resources/_gen); first: carepress's
# first unchanged rebuild after a cold one (one run); warm: further unchanged rebuilds
# over the previous output, as a local rebuild is. Each row is the median wall time of RUNS
# runs (default 3) and the largest peak RSS (GNU time). Below the table: the size of each
# tool's output (carepress: the deployed site and the kit separately) and its file count,
# a rebuild after one article changed, what the search index adds (the same cold and
# one-edit builds with `search: false`), the median size of carepress's OG cards, and its
# image phase (CAREPRESS_TIMINGS=1).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-1000 10000}")
[ $# -eq 0 ] && SIZES=(1000 10000)
RUNS=${RUNS:-3}
GEN=${GEN:-../shared/bench/gen_corpus.py}
WORK=${WORK:-$(mktemp -d /tmp/carepress-bench.XXXXXX)}
command -v hugo >/dev/null || { echo "hugo is not installed (apt-get install hugo)"; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is not installed (apt-get install time)" >&2; exit 2; }
if [ -z "${CAREPRESS:-}" ]; then
  cargo build --release --quiet
  CAREPRESS=$PWD/target/release/carepress
fi

measure() { # measure PREP CMD...: RUNS runs of CMD, shell code PREP before each; prints "seconds kilobytes" of the median run
  local prep=$1 out=() i
  shift
  for ((i = 0; i < RUNS; i++)); do
    eval "$prep"
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err"; exit 1; }
    out+=("$(cat "$WORK/time")")
  done
  printf '%s\n' "${out[@]}" | sort -n | awk -v n="$RUNS" '{t[NR]=$1; if ($2>m) m=$2} END {print t[int((n+1)/2)], m}'
}

printf '%-9s %-6s %-10s %10s %12s\n' articles run tool wall_s peak_MB
for n in "${SIZES[@]}"; do
  CP=$WORK/cp-$n HU=$WORK/hugo-$n
  [ -f "$CP/carepress.yaml" ] || python3 "$GEN" --out "$CP" --articles "$n" --flavor carepress >/dev/null
  if [ ! -f "$HU/hugo.toml" ]; then
    python3 "$GEN" --out "$HU" --articles "$n" --flavor hugo >/dev/null
    cp -r bench/hugo/. "$HU/"
  fi
  cp_build=("$CAREPRESS" build --root "$CP" --out "$CP/public" --today 2026-11-28)
  hu_build=(hugo --source "$HU" --destination "$HU/public" --quiet)
  read -r cc_t cc_m < <(measure "rm -rf '$CP/public' '$CP/social-kit' '$CP/.carepress' '$CP/.public.previous' '$CP/.social-kit.previous'" "${cp_build[@]}")
  read -r hc_t hc_m < <(measure "rm -rf '$HU/public' '$HU/resources'" "${hu_build[@]}")
  # The first rebuild after a cold build stages into a fresh folder (nothing is kept
  # yet); later ones rewrite the output before last in place. Timed apart.
  read -r cf_t _ < <(RUNS=1 measure ":" "${cp_build[@]}")
  read -r cw_t cw_m < <(measure ":" "${cp_build[@]}")
  read -r hw_t hw_m < <(measure ":" "${hu_build[@]}")
  printf '%-9s %-6s %-10s %10s %12d\n' "$n" cold carepress "$cc_t" $((cc_m / 1024))
  printf '%-9s %-6s %-10s %10s %12d\n' "$n" cold hugo "$hc_t" $((hc_m / 1024))
  awk -v a="$cc_t" -v b="$hc_t" -v n="$n" 'BEGIN {printf "%-9s cold   ratio      %10.2f  (carepress / hugo)\n", n, a / b}'
  printf '%-9s %-6s %-10s %10s\n' "$n" first carepress "$cf_t"
  printf '%-9s %-6s %-10s %10s %12d\n' "$n" warm carepress "$cw_t" $((cw_m / 1024))
  printf '%-9s %-6s %-10s %10s %12d\n' "$n" warm hugo "$hw_t" $((hw_m / 1024))
  awk -v a="$cw_t" -v b="$hw_t" -v n="$n" 'BEGIN {printf "%-9s warm   ratio      %10.2f  (carepress / hugo)\n", n, a / b}'
  awk -v a="$cw_t" -v b="$cc_t" -v n="$n" 'BEGIN {printf "%-9s carepress warm / cold %5.2f\n", n, a / b}'
  echo "$n output: carepress site $(du -sm "$CP/public" | cut -f1) MB in $(find "$CP/public" -type f | wc -l) files, kit $(du -sm "$CP/social-kit" | cut -f1) MB; hugo $(du -sm "$HU/public" | cut -f1) MB in $(find "$HU/public" -type f | wc -l) files"
  # A rebuild after one article's text changed, as in CI after a commit: the title cards
  # come from the cache, the search index is made again whole.
  EDIT=$(find "$CP/content/articles" -name '*.md' -print -quit)
  read -r ce_t ce_m < <(measure "printf '\\nEdited again.\\n' >> '$EDIT'" "${cp_build[@]}")
  printf '%-9s %-6s %-10s %10s %12d\n' "$n" edit1 carepress "$ce_t" $((ce_m / 1024))
  # What the search index adds: the same builds with `search: false`.
  cp "$CP/carepress.yaml" "$WORK/config.yaml"
  printf 'search: false\n' >> "$CP/carepress.yaml"
  read -r sc_t _ < <(measure "rm -rf '$CP/public' '$CP/social-kit' '$CP/.carepress' '$CP/.public.previous' '$CP/.social-kit.previous'" "${cp_build[@]}")
  read -r se_t _ < <(measure "printf '\\nEdited again.\\n' >> '$EDIT'" "${cp_build[@]}")
  cp "$WORK/config.yaml" "$CP/carepress.yaml"
  awk -v a="$cc_t" -v b="$sc_t" -v c="$ce_t" -v d="$se_t" -v n="$n" 'BEGIN {printf "%-9s search index adds %+.0f %% cold (%.2f s without it), %+.0f %% to a one-edit rebuild (%.2f s without it)\n", n, (a / b - 1) * 100, b, (c / d - 1) * 100, d}'
  "${cp_build[@]}" >/dev/null 2>&1
  find "$CP/public/social" -name og.jpg -printf '%s\n' | sort -n |
    awk -v n="$n" '{s[NR]=$1} END {if (NR) printf "%s og cards: %d, median %.1f KB\n", n, NR, s[int((NR+1)/2)]/1024}'
  rm -rf "$CP/.carepress" "$CP/.public.previous" "$CP/.social-kit.previous"
  CAREPRESS_TIMINGS=1 "${cp_build[@]}" 2>&1 >/dev/null | grep -E '^timings: (images|search|plan)' | sed "s/^/$n cold /" || true
done
[ -n "${KEEP:-}" ] || rm -rf "$WORK"
