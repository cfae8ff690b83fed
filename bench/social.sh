#!/usr/bin/env bash
# What the social kit costs: builds the same corpus with `social.platforms` empty
# (no snippets) and with the default seven platforms, alternating, in one run.
# Title cards are off in both (images are measured by bench/images.sh).
#
#   bench/social.sh [ARTICLES]      (default: 10000; RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
RUNS=${RUNS:-3}
GEN=${GEN:-../shared/bench/gen_corpus.py}
WORK=$(mktemp -d /tmp/carepress-social.XXXXXX)
cargo build --release --quiet
BIN=$PWD/target/release/carepress
python3 "$GEN" --out "$WORK/with" --articles "$N" --flavor carepress >/dev/null
cp -r "$WORK/with" "$WORK/without"
printf 'social:\n  images:\n    cards: false\n' >> "$WORK/with/carepress.yaml"
printf 'social:\n  platforms: []\n  images:\n    cards: false\n' >> "$WORK/without/carepress.yaml"
run() { /usr/bin/time -f "%e %M" -o "$WORK/t" "$BIN" build --root "$1" --out "$WORK/out-$2" --today 2026-11-28 >/dev/null 2>&1; cat "$WORK/t"; }
run "$WORK/with" with >/dev/null; run "$WORK/without" without >/dev/null # warm-up
for ((i = 0; i < RUNS; i++)); do
  read -r a am < <(run "$WORK/without" without)
  read -r b bm < <(run "$WORK/with" with)
  echo "without snippets: ${a}s ${am}KB   with snippets: ${b}s ${bm}KB"
done
rm -rf "$WORK"
