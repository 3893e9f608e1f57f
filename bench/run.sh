#!/usr/bin/env bash
# Tremolo for .NET benchmark: `bash bench/run.sh` from anywhere in a clone.
#
# Builds Release, starts every server on its own loopback port, runs every load against every
# server in turn (A B C, A B C) for BENCH_ROUNDS rounds, and writes one table of medians with
# ratios against Kestrel to bench/results/latest.md (and, in a full run, into bench/README.md).
#
# Environment:
#   BENCH_QUICK=1        short loads and one round, to check the harness (figures are rough)
#   BENCH_ROUNDS=N       rounds (default 3; 1 when quick)
#   BENCH_PORT_BASE=P    servers listen on P+1..P+5 (default 18700)
#   BENCH_SERVERS="..."  subset of: kestrel tremolo bun node python (default all)
#   BENCH_LOADS="..."    subset of: idle http50 http256 echo50x16 echo50x4k echo500x16 echo500x4k
#                        broadcast fairness (default all); a subset never updates bench/README.md;
#                        opt-in compression loads (Tremolo, Bun and Node only): idlez echo50x16z echo50x4kz broadcastz;
#                        opt-in idlelight (the idle load with a light warm-up: run it alone, on fresh servers)
#   TREMOLO_PATH=DIR     Python Tremolo source (the folder holding tremolo/__init__.py);
#                        default bench/.python-tremolo, then /tmp/tremolo; skipped when absent
set -uo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
RESULTS=$BENCH/results
LOGS=$RESULTS/logs
RAW=$RESULTS/raw.tsv
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then ROUNDS=${BENCH_ROUNDS:-1}; else ROUNDS=${BENCH_ROUNDS:-3}; fi
PORT_BASE=${BENCH_PORT_BASE:-18700}
SERVERS=(${BENCH_SERVERS:-kestrel tremolo bun node python})

if [ "$QUICK" = 1 ]; then
  HTTP_SECONDS=3; ECHO_SECONDS=2; IDLE_CONNS=300; IDLE_HIGH=900; BC_RECEIVERS=200; BC_MESSAGES=40
else
  HTTP_SECONDS=10; ECHO_SECONDS=5; IDLE_CONNS=2000; IDLE_HIGH=6000; BC_RECEIVERS=1000; BC_MESSAGES=200
fi

mkdir -p "$LOGS"
rm -f "$RAW" "$LOGS"/*.log
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

declare -A NAME=([kestrel]="Kestrel" [tremolo]="Tremolo .NET" [bun]="Bun" [node]="Node ws" [python]="Python Tremolo")
declare -A PORT=([kestrel]=$((PORT_BASE + 1)) [tremolo]=$((PORT_BASE + 2)) [node]=$((PORT_BASE + 3)) [python]=$((PORT_BASE + 4)) [bun]=$((PORT_BASE + 5)))
declare -A PID=()
declare -A UNAVAILABLE=()   # server -> why it cannot run at all (then it is not started)

status() { printf '%s\t-\t_status\tstate\t%s\n' "${NAME[$1]}" "$2" >> "$RAW"; }

# ---- stop everything we started, whatever happens --------------------------------------
descendants() { local c; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do descendants "$c"; echo "$c"; done; }
stop_server() {
  local s=$1 pid=${PID[$1]:-} all i
  [ -n "$pid" ] || return 0
  all="$(descendants "$pid") $pid"
  kill $all 2>/dev/null
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 $all 2>/dev/null
  wait "$pid" 2>/dev/null
  unset "PID[$s]"
}
cleanup() { local s; for s in "${!PID[@]}"; do stop_server "$s"; done; }
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---- prerequisites and builds -----------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  { apt-get update -qq && apt-get install -y -qq wrk; } > "$LOGS/apt.log" 2>&1 || log "could not install wrk: HTTP loads will fail"
fi

log "building the load client"
if ! dotnet build "$BENCH/load" -c Release -nologo -v q > "$LOGS/build-load.log" 2>&1; then
  cat "$LOGS/build-load.log"; log "load client does not build"; exit 1
fi
LOAD=(dotnet "$BENCH/load/bin/Release/net10.0/tremolo-bench-load.dll")

log "building Tremolo.Server (Release)"
dotnet build "$ROOT/Tremolo.Server" -c Release -nologo -v q > "$LOGS/build-tremolo.log" 2>&1 \
  || UNAVAILABLE[tremolo]="does not build (see bench/results/logs/build-tremolo.log)"
log "building the Kestrel peer (Release)"
dotnet build "$BENCH/peers/kestrel" -c Release -nologo -v q > "$LOGS/build-kestrel.log" 2>&1 \
  || UNAVAILABLE[kestrel]="does not build (see bench/results/logs/build-kestrel.log)"
log "installing the Node peer's packages"
if ! command -v node >/dev/null; then UNAVAILABLE[node]="skipped: node is not installed"
elif ! (cd "$BENCH/peers/node" && npm ci --no-audit --no-fund) > "$LOGS/npm.log" 2>&1; then
  UNAVAILABLE[node]="skipped: npm ci failed (see bench/results/logs/npm.log)"
fi
# Bun is a native binary shipped inside an npm package (@oven/bun-linux-x64), installed like ws.
log "installing the Bun peer"
BUN=$BENCH/peers/bun/node_modules/@oven/bun-linux-x64/bin/bun
if ! command -v npm >/dev/null; then UNAVAILABLE[bun]="skipped: npm is not installed"
elif ! (cd "$BENCH/peers/bun" && npm ci --no-audit --no-fund) > "$LOGS/npm-bun.log" 2>&1 || ! "$BUN" --version > /dev/null 2>&1; then
  UNAVAILABLE[bun]="skipped: npm ci or the bun binary failed (see bench/results/logs/npm-bun.log)"
fi
TREMOLO_PATH=${TREMOLO_PATH:-}
if [ -z "$TREMOLO_PATH" ]; then
  for dir in "$BENCH/.python-tremolo" /tmp/tremolo; do [ -f "$dir/tremolo/__init__.py" ] && TREMOLO_PATH=$dir && break; done
fi
if [ -z "$TREMOLO_PATH" ] || [ ! -f "$TREMOLO_PATH/tremolo/__init__.py" ]; then
  UNAVAILABLE[python]="skipped: no Python Tremolo source (set TREMOLO_PATH to a checkout of nggit/tremolo)"
fi

server_command() {
  local port=${PORT[$1]}
  case $1 in
    kestrel) echo "dotnet $BENCH/peers/kestrel/bin/Release/net10.0/kestrel-peer.dll $port" ;;
    tremolo) echo "dotnet $ROOT/Tremolo.Server/bin/Release/net10.0/tremolo.dll serve $BENCH/bench.yaml --port $port" ;;
    bun) echo "$BUN $BENCH/peers/bun/server.js $port" ;;
    node) echo "node $BENCH/peers/node/server.js $port" ;;
    python) echo "env PYTHONPATH=$TREMOLO_PATH python3 $BENCH/peers/python/app.py $port" ;;
  esac
}

# Starts a server and waits until GET /hello answers; on failure logs why and returns 1.
start_server() {
  local s=$1 round=$2 port=${PORT[$1]} out="$LOGS/$1-round$2.log" i
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    log "${NAME[$s]}: port $port is already in use"; status "$s" "failed: port $port busy"; return 1
  fi
  # shellcheck disable=SC2046
  $(server_command "$s") > "$out" 2>&1 < /dev/null &
  PID[$s]=$!
  for i in $(seq 300); do
    if ! kill -0 "${PID[$s]}" 2>/dev/null; then break; fi
    if [ "$(curl -s --max-time 1 "http://127.0.0.1:$port/hello")" = "Hello World!" ]; then
      log "${NAME[$s]} up on 127.0.0.1:$port (pid ${PID[$s]})"; status "$s" ok; return 0
    fi
    sleep 0.1
  done
  log "${NAME[$s]} did not start: $(tail -c 300 "$out" | tr '\n' ' ')"
  status "$s" "failed: did not serve GET /hello (see bench/results/logs/$1-round$2.log)"
  stop_server "$s"
  return 1
}

# run_load SERVER ROUND "LOAD NAME" COMMAND [ARGS...]: the load client gets the server's pid.
run_load() {
  local s=$1 round=$2 load=$3; shift 3
  if ! kill -0 "${PID[$s]:-0}" 2>/dev/null; then log "$load: ${NAME[$s]} is not running"; return; fi
  "${LOAD[@]}" "$@" --pid "${PID[$s]}" --record "$RAW" --server "${NAME[$s]}" --round "$round" --load "$load" \
    2>&1 | tee -a "$LOGS/load.log" | sed 's/^ */    /'
  [ "${PIPESTATUS[0]}" = 0 ] || log "$load on ${NAME[$s]} failed (figures left out)"
}

ALL_LOADS="idle http50 http256 echo50x16 echo50x4k echo500x16 echo500x4k broadcast fairness"
LOADS=(${BENCH_LOADS:-$ALL_LOADS})
PARTIAL=$([ "${LOADS[*]}" = "$ALL_LOADS" ] && echo 0 || echo 1)
load_args() {  # prints: NAME<TAB>COMMAND ARGS... for a load, a port and a server
  local p=$2 heap=""
  # Tremolo exports .NET's System.Runtime meter on /metrics: the idle load reads the managed heap there.
  [ "${3:-}" = tremolo ] && heap=" --metrics http://127.0.0.1:$p/metrics"
  case $1 in
    idle) printf 'Idle WebSocket, %d -> %d conn\tidle --url ws://127.0.0.1:%d/ws --connections %d --connections-high %d%s' "$IDLE_CONNS" "$IDLE_HIGH" "$p" "$IDLE_CONNS" "$IDLE_HIGH" "$heap" ;;
    idlelight) printf 'Idle WebSocket, light warm-up, %d -> %d conn\tidle --url ws://127.0.0.1:%d/ws --connections %d --connections-high %d --warmup-rounds 1 --warmup-connections 20%s' "$IDLE_CONNS" "$IDLE_HIGH" "$p" "$IDLE_CONNS" "$IDLE_HIGH" "$heap" ;;
    http50) printf 'HTTP plaintext, 50 conn\thttp --url http://127.0.0.1:%d/hello --connections 50 --duration %d' "$p" "$HTTP_SECONDS" ;;
    http256) printf 'HTTP plaintext, 256 conn\thttp --url http://127.0.0.1:%d/hello --connections 256 --duration %d' "$p" "$HTTP_SECONDS" ;;
    echo50x16) printf 'WS echo 16 B, 50 conn\techo --url ws://127.0.0.1:%d/ws --connections 50 --size 16 --duration %d' "$p" "$ECHO_SECONDS" ;;
    echo50x4k) printf 'WS echo 4 KiB, 50 conn\techo --url ws://127.0.0.1:%d/ws --connections 50 --size 4096 --duration %d' "$p" "$ECHO_SECONDS" ;;
    echo500x16) printf 'WS echo 16 B, 500 conn\techo --url ws://127.0.0.1:%d/ws --connections 500 --size 16 --duration %d' "$p" "$ECHO_SECONDS" ;;
    echo500x4k) printf 'WS echo 4 KiB, 500 conn\techo --url ws://127.0.0.1:%d/ws --connections 500 --size 4096 --duration %d' "$p" "$ECHO_SECONDS" ;;
    broadcast) printf 'Broadcast 16 B, %d receivers\tbroadcast --url ws://127.0.0.1:%d/room --receivers %d --messages %d --size 16' "$BC_RECEIVERS" "$p" "$BC_RECEIVERS" "$BC_MESSAGES" ;;
    idlez) printf 'Idle WebSocket, permessage-deflate, %d -> %d conn\tidle --deflate 1 --url ws://127.0.0.1:%d/wsz --connections %d --connections-high %d%s' "$IDLE_CONNS" "$IDLE_HIGH" "$p" "$IDLE_CONNS" "$IDLE_HIGH" "$heap" ;;
    echo50x16z) printf 'WS echo 16 B, permessage-deflate, 50 conn\techo --deflate 1 --url ws://127.0.0.1:%d/wsz --connections 50 --size 16 --duration %d' "$p" "$ECHO_SECONDS" ;;
    echo50x4kz) printf 'WS echo 4 KiB, permessage-deflate, 50 conn\techo --deflate 1 --url ws://127.0.0.1:%d/wsz --connections 50 --size 4096 --duration %d' "$p" "$ECHO_SECONDS" ;;
    broadcastz) printf 'Broadcast 16 B, permessage-deflate, %d receivers\tbroadcast --deflate 1 --url ws://127.0.0.1:%d/roomz --receivers %d --messages %d --size 16' "$BC_RECEIVERS" "$p" "$BC_RECEIVERS" "$BC_MESSAGES" ;;
    fairness) printf 'Fairness: GET /hello, 2 clients on /slow\tfairness --url http://127.0.0.1:%d --slow-path /slow --hammers 2 --duration %d' "$p" "$ECHO_SECONDS" ;;
  esac
}

# ---- rounds -----------------------------------------------------------------------------
STARTED=$(date -u +%s)
for s in "${SERVERS[@]}"; do
  if [ -n "${UNAVAILABLE[$s]:-}" ]; then log "${NAME[$s]}: ${UNAVAILABLE[$s]}"; status "$s" "${UNAVAILABLE[$s]}"; fi
done
for round in $(seq "$ROUNDS"); do
  log "round $round of $ROUNDS: starting servers"
  RUNNING=()
  for s in "${SERVERS[@]}"; do
    [ -z "${UNAVAILABLE[$s]:-}" ] && start_server "$s" "$round" && RUNNING+=("$s")
  done
  for load in "${LOADS[@]}"; do
    for s in "${RUNNING[@]}"; do
      IFS=$'\t' read -r name args <<< "$(load_args "$load" "${PORT[$s]}" "$s")"
      log "round $round: $name -> ${NAME[$s]}"
      # shellcheck disable=SC2086
      run_load "$s" "$round" "$name" $args
    done
  done
  for s in "${RUNNING[@]}"; do stop_server "$s"; done
done
ELAPSED=$(( $(date -u +%s) - STARTED ))

# ---- report -----------------------------------------------------------------------------
SERVER_NAMES=$(for s in "${SERVERS[@]}"; do printf '%s,' "${NAME[$s]}"; done)
MODE=$([ "$QUICK" = 1 ] && echo "quick (BENCH_QUICK=1: short loads, rough figures)" || echo full)
[ "$PARTIAL" = 1 ] && MODE="$MODE, loads: ${LOADS[*]}"
{
  echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC'), $MODE, $ROUNDS round(s) in ${ELAPSED}s; medians over rounds, (ratio to Kestrel)."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))," \
    "$(free -g | awk '/Mem:/ {print $2}') GiB, Linux $(uname -r); .NET $(dotnet --version)," \
    "Bun $("$BUN" --version 2>/dev/null || echo -), Node $(node --version 2>/dev/null || echo -), $(python3 --version 2>&1), $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2)."
  echo "Command: \`$( [ "$QUICK" = 1 ] && echo "BENCH_QUICK=1 ")$( [ "$PARTIAL" = 1 ] && echo "BENCH_LOADS=\"${LOADS[*]}\" ")bash bench/run.sh\`; loads on 127.0.0.1; CPU is the server process's own utime+stime from /proc."
  echo
  "${LOAD[@]}" report --raw "$RAW" --servers "${SERVER_NAMES%,}" --baseline Kestrel --rounds "$ROUNDS"
} > "$RESULTS/latest.md"
echo
cat "$RESULTS/latest.md"

if [ "$QUICK" != 1 ] && [ "$PARTIAL" = 0 ] && grep -q '<!-- latest:begin -->' "$BENCH/README.md"; then
  awk -v table="$RESULTS/latest.md" '
    /<!-- latest:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- latest:end -->/ { skip = 0 }
    !skip' "$BENCH/README.md" > "$RESULTS/README.new" && mv "$RESULTS/README.new" "$BENCH/README.md"
  log "bench/README.md updated with this table"
fi
