#!/usr/bin/env bash
# Load figures for `tokencraft serve` (issue 5, "Under load"). A measurement script, not CI.
#
#   benches/load.sh                  # 60 s per wrk run, as in docs/LOAD.md
#   DURATION=10s benches/load.sh     # quicker
#   PHASES="export token" benches/load.sh   # a subset of: export revalidate token writes idle
#
# Needs wrk 4.x (Debian/Ubuntu package `wrk`: apt-get install -y wrk), python3 and curl.
# wrk runs on the same machine as the server and takes CPU from it: on a 2-core machine
# the figures are for server + load generator together, a floor rather than a ceiling.
#
# What it does: builds the release binary; starts `tokencraft serve --store memory` with
# examples/seed.json, the access log off (TOKENCRAFT_ACCESS_LOG=off) and the rate limit
# raised; seeds a 10,000-token tokenset through the API (benches/load/seed.py); warms the
# export cache; then runs `wrk -c64 -t2 -d$DURATION --latency` for
#   export      GET /tokensets/{ts}/export?format=css (served from the export cache)
#   revalidate  the same with If-None-Match (304, no body: what a caching client sends)
#   token       GET /tokensets/{ts}/modes/{mode}/tokens/{id}
#   writes      POST/PATCH tokens (benches/load/writes.lua) against a file store
#               (`--store DIR`), then restarts the server and checks every acknowledged
#               write (benches/load/verify.py)
#   idle        1,000 idle keep-alive connections and probe requests (benches/load/idle.py),
#               then the same while wrk keeps 64 more connections busy
# and prints one table row per run: requests/s, p50, p99, errors (non-2xx/3xx + socket).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
HERE=$ROOT/benches/load
DURATION=${DURATION:-60s}
PHASES=${PHASES:-export revalidate token writes idle}
PORT=${PORT:-0}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
COUNT=${COUNT:-10000}
TOKEN=tkc_a11ce00000000000000000000000000000000001
WORKSPACE=ws-design-system
RATE=1000000000

for tool in wrk python3 curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "load.sh: $tool not found; install it (wrk: apt-get install -y wrk, the Debian package, version 4.x)" >&2
    exit 2
  fi
done
if ! wrk --version 2>&1 | grep -q '^wrk 4'; then
  echo "load.sh: wrk 4.x expected (Debian package \`wrk\`); found: $(wrk --version 2>&1 | head -1)" >&2
fi

echo "== building the release binary"
cargo build --release --bin tokencraft >&2
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/tokencraft

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_server STORE: starts the server on a free port; sets SERVER_PID, PORT, BASE.
start_server() {
  [ "${PORT_FIXED:-}" ] || PORT=$(free_port)
  TOKENCRAFT_ACCESS_LOG=off "$BIN" serve --addr "127.0.0.1:$PORT" --store "$1" \
    --seed examples/seed.json --rate-limit "$RATE" 2>>"$WORK/server.log" &
  SERVER_PID=$!
  BASE=http://127.0.0.1:$PORT
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "$BASE/api/v1/openapi.json" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "load.sh: the server did not start; its log:" >&2
  cat "$WORK/server.log" >&2
  exit 1
}

stop_server() {
  kill "$SERVER_PID" && wait "$SERVER_PID" || true
  SERVER_PID=
}

ROWS=()
# run_wrk NAME URL [wrk args...]: one wrk run, one table row.
run_wrk() {
  local name=$1 url=$2
  shift 2
  echo "== $name: wrk -t$THREADS -c$CONNS -d$DURATION --latency $* $url"
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" "$url" | tee "$WORK/$name.txt"
  ROWS+=("$(python3 "$HERE/wrk_row.py" "$name" "$WORK/$name.txt")")
}

AUTH="Authorization: Bearer $TOKEN"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

read_phases=false
for p in export revalidate token idle; do
  case " $PHASES " in *" $p "*) read_phases=true ;; esac
done
if $read_phases; then
  start_server memory
  echo "== seeding a $COUNT-token tokenset through the API"
  read -r TS MODE FIRST < <(python3 "$HERE/seed.py" "$BASE" "$TOKEN" "$WORKSPACE" "$COUNT")
  EXPORT="$BASE/api/v1/tokensets/$TS/export?format=css"
  ONE="$BASE/api/v1/tokensets/$TS/modes/$MODE/tokens/$FIRST"
  ETAG=$(curl -fsS -D - -o "$WORK/export.css" -H "$AUTH" "$EXPORT" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
  echo "== export warmed: $(wc -c <"$WORK/export.css") bytes of CSS, ETag $ETAG"
  case " $PHASES " in *" export "*) run_wrk export "$EXPORT" -H "$AUTH" ;; esac
  case " $PHASES " in *" revalidate "*) run_wrk revalidate "$EXPORT" -H "$AUTH" -H "If-None-Match: $ETAG" ;; esac
  case " $PHASES " in *" token "*) run_wrk token "$ONE" -H "$AUTH" ;; esac
  case " $PHASES " in *" idle "*)
    echo "== idle: 1,000 idle keep-alive connections, then probes on new connections"
    IDLE_PATH="/api/v1/tokensets/$TS/modes/$MODE/tokens/$FIRST"
    python3 "$HERE/idle.py" 127.0.0.1 "$PORT" "$IDLE_PATH" "$TOKEN" 1000 200 | tee "$WORK/idle.txt"
    echo "== idle under load: the same while wrk keeps 64 other connections busy (GET one token)"
    wrk -t1 -c64 -d20s -H "$AUTH" "$ONE" >"$WORK/idle-wrk.txt" &
    WRK_PID=$!
    sleep 1
    python3 "$HERE/idle.py" 127.0.0.1 "$PORT" "$IDLE_PATH" "$TOKEN" 1000 200 \
      | sed 's/^idle:/idle+wrk:/' | tee -a "$WORK/idle.txt"
    wait "$WRK_PID" || true
    ;;
  esac
  stop_server
fi

case " $PHASES " in *" writes "*)
  STORE=$WORK/store
  if ! "$BIN" serve --help | grep -q -- '--store <DIR'; then
    echo "== writes: skipped (this build has no file store: serve --store DIR)"
  else
    start_server "$STORE"
    read -r TS MODE FIRST < <(python3 "$HERE/seed.py" "$BASE" "$TOKEN" "$WORKSPACE" 100)
    mkdir -p "$WORK/acks"
    export TOKENS_PATH="/api/v1/tokensets/$TS/modes/$MODE/tokens" API_TOKEN=$TOKEN ACK_DIR=$WORK/acks
    run_wrk writes "$BASE$TOKENS_PATH" -s "$HERE/writes.lua"
    echo "== writes: restarting the server on the same store"
    stop_server
    start_server "$STORE"
    python3 "$HERE/verify.py" "$BASE" "$TOKEN" "$TOKENS_PATH" "$WORK/acks" | tee "$WORK/verify.txt"
    stop_server
  fi
  ;;
esac

echo
echo "== results ($(date -u '+%Y-%m-%d %H:%M UTC'), load average after: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores;"
echo "   wrk -t$THREADS -c$CONNS -d$DURATION on the same machine as the server: it uses the same cores)"
printf '%-11s %12s %10s %10s %10s %8s\n' run requests/s p50 p99 errors requests
for row in "${ROWS[@]}"; do echo "$row"; done
[ -f "$WORK/idle.txt" ] && grep -h 'probes\|still served' "$WORK/idle.txt" || true
[ -f "$WORK/verify.txt" ] && cat "$WORK/verify.txt" || true
