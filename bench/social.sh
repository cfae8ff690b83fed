#!/usr/bin/env bash
# What the social kit costs: builds the same corpus with `social.platforms` empty
# (no snippets) and with the default seven platforms, alternating, in one run:
# a build over the previous output, and a check (the same work, nothing written).
# Title cards are off in both (images are measured by bench/images.sh).
#
#   bench/social.sh [ARTICLES]      (default: 10000; RUNS=5)
#   TMPDIR=/dev/shm bench/social.sh (the same in memory: no disk time in either build)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
RUNS=${RUNS:-5}
GEN=${GEN:-../shared/bench/gen_corpus.py}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/carepress-social.XXXXXX")
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/carepress
python3 "$GEN" --out "$WORK/with" --articles "$N" --flavor carepress >/dev/null
cp -r "$WORK/with" "$WORK/without"
printf 'social:\n  images:\n    cards: false\n' >> "$WORK/with/carepress.yaml"
printf 'social:\n  platforms: []\n  images:\n    cards: false\n' >> "$WORK/without/carepress.yaml"
run() { # what root, "build" or "check": prints "seconds kilobytes"
  if [ "$2" = build ]; then
    /usr/bin/time -f "%e %M" -o "$WORK/t" "$BIN" build --root "$WORK/$1" --out "$WORK/out-$1" --today 2026-11-28 >/dev/null 2>&1
  else
    /usr/bin/time -f "%e %M" -o "$WORK/t" "$BIN" check --root "$WORK/$1" --today 2026-11-28 >/dev/null 2>&1 || true
  fi
  cat "$WORK/t"
}
run with build >/dev/null; run without build >/dev/null # warm-up: page cache, previous output
: > "$WORK/results"
for ((i = 0; i < RUNS; i++)); do
  read -r a am < <(run without build)
  read -r b bm < <(run with build)
  read -r c _ < <(run without check)
  read -r d _ < <(run with check)
  echo "build: without ${a}s ${am}KB, with ${b}s ${bm}KB | check: without ${c}s, with ${d}s"
  echo "$a $b $c $d" >> "$WORK/results"
done
python3 - "$WORK/results" <<'EOF2'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
# Medians, and the fastest runs (on a shared machine, noise only ever adds time).
for label, (w, s) in [("build (over the previous output)", (0, 1)), ("check (nothing written)", (2, 3))]:
    for how, pick in [("median", statistics.median), ("fastest", min)]:
        a = pick(r[w] for r in rows)
        b = pick(r[s] for r in rows)
        print(f"{label}: {how} without {a:.2f} s, with {b:.2f} s, snippets add {b - a:.2f} s ({100 * (b - a) / a:+.1f} %)")
EOF2
du -sh "$WORK/out-with/social" | sed 's/^/social folder: /'
rm -rf "$WORK"
