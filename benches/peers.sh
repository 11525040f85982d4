#!/usr/bin/env bash
# Side-by-side: `tokencraft build` against Style Dictionary (4.4 and 5.5) on the same data,
# with ../shared/bench's generator and runners, measured in one interleaved run: every
# round runs each tool once, so load changes on a shared machine hit all of them alike.
#
# usage: benches/peers.sh [TOKENS] [MODES] [RUNS] [ENCODING]   (default 10000 2 5 string)
# env:   SHARED_BENCH (runner folder), PEER_WORK (scratch copy), TC (tokencraft binary;
#        default: this checkout's release build), PEERS="tc sd5 sd4" (which tools).
# Prints per tool: median / min / max wall seconds, median user+sys CPU seconds, the
# largest peak RSS, and the median wall time as a multiple of tokencraft's.
# Needs node/npm (peers come from the npm registry) and GNU time (apt-get install time).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED_BENCH:-$root/../shared/bench}
tokens=${1:-10000}; modes=${2:-2}; runs=${3:-5}; encoding=${4:-string}
peers=${PEERS:-tc sd5 sd4}
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
data=.work/data/n$tokens-m$modes-$encoding
if [ ! -f "$data/meta.json" ]; then
  forms=()
  [ "$encoding" = object ] && forms=(--dimension-form object --color-form object)
  python3 gen_tokens.py --tokens "$tokens" --modes "$modes" "${forms[@]}" --out "$data"
fi
[ -f "$data/tokens.resolver.json" ] || python3 resolver_for.py "$data"
if [ -z "${TC:-}" ]; then
  (cd "$root" && cargo build --release --locked -q)
  TC="$root/target/release/tokencraft"
  [ -n "${CARGO_TARGET_DIR:-}" ] && TC="$CARGO_TARGET_DIR/release/tokencraft"
fi
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
# The command of each tool, in the array `cmd`.
command_of() {
  case $1 in
    tc) cmd=("$TC" build --resolver "$data/tokens.resolver.json" --all-modes --format css,scss,json --out .work/out/tc) ;;
    sd5) cmd=(env SD_DIR=.work/sd5 node run_sd.mjs "$data" .work/out/sd5) ;;
    sd4) cmd=(node run_sd.mjs "$data" .work/out/sd4) ;;
    *) echo "unknown tool $1 (tc, sd5, sd4)" >&2; exit 2 ;;
  esac
}
times=$(mktemp -d); trap 'rm -rf "$times"' EXIT
for p in $peers; do
  command_of "$p"
  "${cmd[@]}" >/dev/null 2>&1 || { echo "warm-up run of $p failed" >&2; exit 1; }
done
for round in $(seq "$runs"); do
  for p in $peers; do
    command_of "$p"
    /usr/bin/time -o "$times/t" -f '%e %U %S %M %x' "${cmd[@]}" >/dev/null 2>&1 || true
    tail -1 "$times/t" >>"$times/$p"
  done
done
echo "data: $data ($tokens tokens x $modes modes, $encoding), css + scss + json, every mode; $runs interleaved rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-20s %8s %8s %8s %9s %9s %8s\n' tool median min max cpu-med peak-MB ratio
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
base=$(cut -d' ' -f1 "$times/tc" 2>/dev/null | median || echo 0)
for p in $peers; do
  f="$times/$p"
  med=$(cut -d' ' -f1 "$f" | median)
  min=$(cut -d' ' -f1 "$f" | sort -n | head -1)
  max=$(cut -d' ' -f1 "$f" | sort -n | tail -1)
  cpu=$(awk '{ printf "%.2f\n", $2 + $3 }' "$f" | median)
  peak=$(cut -d' ' -f4 "$f" | sort -n | tail -1)
  bad=$(awk '$5 != 0' "$f" | wc -l)
  name=$(case $p in tc) echo tokencraft ;; sd5) echo style-dictionary-5 ;; sd4) echo style-dictionary-4 ;; esac)
  ratio=$(awk -v a="$med" -v b="$base" 'BEGIN { if (b > 0) printf "%.0fx", a / b; else print "-" }')
  printf '%-20s %8s %8s %8s %9s %9d %8s%s\n' "$name" "$med" "$min" "$max" "$cpu" $((peak / 1024)) "$ratio" \
    "$([ "$bad" -eq 0 ] || echo "  ($bad runs failed)")"
done
