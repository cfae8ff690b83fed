#!/usr/bin/env bash
# Times a medical group's build against the plain corpus of the same articles, in one run:
#
#   bench/group.sh [ARTICLES]          (default 10000)
#
# The plain site is ../shared/bench/gen_corpus.py's (one practice, the default accounts);
# the group sites are copies turned by bench/gen_group.py into 10, 20 and 40 locations
# with 3 accounts each (plus the group's 7) and 300 providers, every article posted to
# the group and to one location. Cold: the plain site and the 40-location group with no
# cache and no previous output. Warm: RUNS (default 3) unchanged rebuilds of each, the
# median; the group sites start from the plain site's image cache (the same articles'
# cards). Also the number of posts and the size of posts.json: the kit grows with the
# accounts, the site does not.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
RUNS=${RUNS:-3}
GEN=${GEN:-../shared/bench/gen_corpus.py}
WORK=${WORK:-$(mktemp -d /tmp/carepress-group.XXXXXX)}
[ -x /usr/bin/time ] || { echo "GNU time is not installed (apt-get install time)" >&2; exit 2; }
if [ -z "${CAREPRESS:-}" ]; then
  cargo build --release --quiet
  CAREPRESS=$PWD/target/release/carepress
fi
PLAIN=$WORK/plain-$N
[ -f "$PLAIN/carepress.yaml" ] || python3 "$GEN" --out "$PLAIN" --articles "$N" --flavor carepress >/dev/null
clean() { rm -rf "$1/public" "$1/social-kit" "$1/.carepress" "$1/.public.previous" "$1/.social-kit.previous"; }
build() { # build SITE: prints "seconds peak_MB"
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$CAREPRESS" build --root "$1" --out "$1/public" --today 2026-11-28 >/dev/null 2>"$WORK/err" || { tail "$WORK/err"; exit 1; }
  awk '{printf "%s %d\n", $1, $2 / 1024}' "$WORK/time"
}
warm() { # warm SITE: median of RUNS unchanged rebuilds
  local i out=()
  for ((i = 0; i < RUNS; i++)); do out+=("$(build "$1")"); done
  printf '%s\n' "${out[@]}" | sort -n | awk -v n="$RUNS" '{t[NR]=$1; m[NR]=$2} END {print t[int((n+1)/2)], m[int((n+1)/2)]}'
}
posts() { grep -c '"platform"' "$1/social-kit/posts.json"; }
for L in 10 20 40; do
  G=$WORK/group-$N-$L
  if [ ! -d "$G/content/locations" ]; then
    rm -rf "$G"
    mkdir -p "$G"
    cp -r "$PLAIN/carepress.yaml" "$PLAIN/content" "$G/"
    python3 bench/gen_group.py "$G" --locations "$L" --providers 300 --accounts 3 >/dev/null
  fi
done
printf '%-22s %-6s %8s %8s %8s %10s\n' site run wall_s peak_MB posts posts_json_MB
clean "$PLAIN"
read -r t m < <(build "$PLAIN")
printf '%-22s %-6s %8s %8s %8s %10s\n' "plain $N" cold "$t" "$m" "$(posts "$PLAIN")" "$(du -m "$PLAIN/social-kit/posts.json" | cut -f1)"
G40=$WORK/group-$N-40
clean "$G40"
read -r t m < <(build "$G40")
printf '%-22s %-6s %8s %8s %8s %10s\n' "group 40 locations" cold "$t" "$m" "$(posts "$G40")" "$(du -m "$G40/social-kit/posts.json" | cut -f1)"
read -r t m < <(warm "$PLAIN")
printf '%-22s %-6s %8s %8s\n' "plain $N" warm "$t" "$m"
for L in 10 20 40; do
  G=$WORK/group-$N-$L
  if [ "$L" != 40 ]; then
    clean "$G"
    cp -r "$PLAIN/.carepress" "$G/"
    build "$G" >/dev/null
  fi
  read -r t m < <(warm "$G")
  printf '%-22s %-6s %8s %8s %8s %10s\n' "group $L locations" warm "$t" "$m" "$(posts "$G")" "$(du -m "$G/social-kit/posts.json" | cut -f1)"
done
# Every article to every account (`social.locations: all`): the kit grows with the
# accounts (7 + 3 per location), the site does not.
printf '\n%-22s %-6s %8s %8s %8s %10s\n' "everywhere" run wall_s peak_MB posts posts_json_MB
for L in 10 20 40; do
  G=$WORK/everywhere-$N-$L
  if [ ! -d "$G/content/locations" ]; then
    rm -rf "$G"
    mkdir -p "$G"
    cp -r "$PLAIN/carepress.yaml" "$PLAIN/content" "$G/"
    python3 bench/gen_group.py "$G" --locations "$L" --providers 300 --accounts 3 --everywhere >/dev/null
  fi
  clean "$G"
  cp -r "$PLAIN/.carepress" "$G/"
  build "$G" >/dev/null
  read -r t m < <(warm "$G")
  printf '%-22s %-6s %8s %8s %8s %10s\n' "$((7 + 3 * L)) accounts" warm "$t" "$m" "$(posts "$G")" "$(du -m "$G/social-kit/posts.json" | cut -f1)"
done
