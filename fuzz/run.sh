#!/usr/bin/env bash
# Runs one built target for a given number of seconds (default 600) with the limits of
# README.md; logs to logs/<target>.log. Build first: cargo +nightly fuzz build -O -a -s none
set -euo pipefail
cd "$(dirname "$0")"
t=$1; secs=${2:-600}
dict=()
case $t in
  dtcg_parse|resolve|resolver_doc|tokencraft_import) dict=(-dict=dtcg.dict) ;;
  api_handle) dict=(-dict=http.dict) ;;
esac
mkdir -p corpus/$t artifacts/$t logs
exec ${FUZZ_TARGET_DIR:-target}/x86_64-unknown-linux-gnu/release/$t corpus/$t seeds/$t "${dict[@]}" \
  -max_total_time=$secs -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  -artifact_prefix=artifacts/$t/ > logs/$t.log 2>&1
