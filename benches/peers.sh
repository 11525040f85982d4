#!/usr/bin/env bash
# Side-by-side: `tokencraft build` against Style Dictionary (4.4 and 5.5) on the same data,
# with ../shared/bench's generator and runners, measured in one run (interleaved).
#
# usage: benches/peers.sh [TOKENS] [MODES] [RUNS]     (default 10000 2 5)
# Needs node/npm (peers come from the npm registry) and GNU time (apt-get install time).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED_BENCH:-$root/../shared/bench}
tokens=${1:-10000}; modes=${2:-2}; runs=${3:-5}
work=${PEER_WORK:-/tmp/tokencraft-peers}
mkdir -p "$work"
cp -r "$shared/." "$work/"; chmod -R u+w "$work"
cd "$work"
if [ ! -d .work/node_modules/style-dictionary ]; then
  mkdir -p .work && cp peers/package.json peers/package-lock.json .work/
  (cd .work && npm install --no-audit --no-fund --loglevel=error)
fi
if [ ! -d .work/sd5/node_modules/style-dictionary ]; then
  mkdir -p .work/sd5 && cp peers/sd5/package.json peers/sd5/package-lock.json .work/sd5/
  (cd .work/sd5 && npm install --no-audit --no-fund --loglevel=error)
fi
data=.work/data/n$tokens-m$modes-string
[ -f "$data/meta.json" ] || python3 gen_tokens.py --tokens "$tokens" --modes "$modes" --out "$data"
[ -f "$data/tokens.resolver.json" ] || python3 resolver_for.py "$data"
(cd "$root" && cargo build --release --locked -q)
tc="$root/target/release/tokencraft"
[ -n "${CARGO_TARGET_DIR:-}" ] && tc="$CARGO_TARGET_DIR/release/tokencraft"
echo "data: $data ($tokens tokens x $modes modes), css + scss + json, every mode, $runs runs each"
for round in 1; do
  printf 'tokencraft         '; ./bench.sh "$runs" "$tc" build --resolver "$data/tokens.resolver.json" --all-modes --format css,scss,json --out .work/out/tc
  printf 'style-dictionary 5 '; SD_DIR=.work/sd5 ./bench.sh "$runs" node run_sd.mjs "$data" .work/out/sd5
  printf 'style-dictionary 4 '; ./bench.sh "$runs" node run_sd.mjs "$data" .work/out/sd4
done
