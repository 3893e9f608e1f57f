#!/usr/bin/env bash
# Broadcast fan-out through Redis across two processes, beside the in-process figure:
# `bash bench/fanout.sh` from anywhere in a clone (issue 11, bench/README.md "Fan-out through Redis").
#
# Builds Release, starts a private redis-server, one `tremolo serve bench/bench.yaml` without a
# broker (in-process channels) and two on the broker, then runs the `broadcast` load (1 sender,
# BC_RECEIVERS receivers on /room) against the one process and against the two nodes (receivers
# dealt over both, the sender on the first), for BENCH_ROUNDS rounds, in turn. Writes a table of
# medians to bench/results/fanout.md: p50/p99 delivery, loss, CPU per delivery in total, on each
# node and on redis-server. The load average at start and end is printed with it (the machine
# may be shared: say it beside the figures).
#
# Environment: BENCH_QUICK=1 (200 receivers, 40 messages, 1 round), BENCH_ROUNDS=N (default 3),
# BENCH_PORT_BASE=P (ports P+5..P+8, default 18700, as bench/run.sh).
set -uo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
RESULTS=$BENCH/results
LOGS=$RESULTS/logs
RAW=$RESULTS/fanout-raw.tsv
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then ROUNDS=${BENCH_ROUNDS:-1}; BC_RECEIVERS=200; BC_MESSAGES=40
else ROUNDS=${BENCH_ROUNDS:-3}; BC_RECEIVERS=1000; BC_MESSAGES=200; fi
PORT_BASE=${BENCH_PORT_BASE:-18700}
REDIS_PORT=$((PORT_BASE + 5)); LOCAL_PORT=$((PORT_BASE + 6)); NODE1_PORT=$((PORT_BASE + 7)); NODE2_PORT=$((PORT_BASE + 8))
LOCAL="Tremolo in-process"; NODES="Tremolo over Redis (2 nodes)"

mkdir -p "$LOGS"
rm -f "$RAW" "$LOGS"/fanout-*.log
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

declare -A PID=()
stop() { local pid=${PID[$1]:-}; [ -n "$pid" ] || return 0; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; unset "PID[$1]"; }
cleanup() { local p; for p in "${!PID[@]}"; do stop "$p"; done; }
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

command -v redis-server >/dev/null || { log "redis-server is not installed (apt-get install redis-server)"; exit 1; }
log "building the load client and Tremolo.Server (Release)"
dotnet build "$BENCH/load" -c Release -nologo -v q > "$LOGS/fanout-build-load.log" 2>&1 || { cat "$LOGS/fanout-build-load.log"; exit 1; }
dotnet build "$ROOT/Tremolo.Server" -c Release -nologo -v q > "$LOGS/fanout-build-tremolo.log" 2>&1 || { cat "$LOGS/fanout-build-tremolo.log"; exit 1; }
LOAD=(dotnet "$BENCH/load/bin/Release/net10.0/tremolo-bench-load.dll")
TREMOLO=(dotnet "$ROOT/Tremolo.Server/bin/Release/net10.0/tremolo.dll" serve "$BENCH/bench.yaml")

# start NAME PORT COMMAND...: runs it in the background and waits until GET /hello answers.
start() {
  local name=$1 port=$2 i; shift 2
  "$@" --port "$port" > "$LOGS/fanout-$name.log" 2>&1 < /dev/null &
  PID[$name]=$!
  for i in $(seq 300); do
    kill -0 "${PID[$name]}" 2>/dev/null || break
    [ "$(curl -s --max-time 1 "http://127.0.0.1:$port/hello")" = "Hello World!" ] && return 0
    sleep 0.1
  done
  log "$name did not start: $(tail -c 300 "$LOGS/fanout-$name.log" | tr '\n' ' ')"; exit 1
}

run() {  # run SERVER ROUND URLS PIDS
  "${LOAD[@]}" broadcast --url "$3" --pid "$4" --receivers "$BC_RECEIVERS" --messages "$BC_MESSAGES" --size 16 \
    --record "$RAW" --server "$1" --round "$2" --load "Broadcast 16 B, $BC_RECEIVERS receivers" 2>&1 | tee -a "$LOGS/fanout-load.log" | sed 's/^ */    /'
  [ "${PIPESTATUS[0]}" = 0 ] || log "$1 failed in round $2 (figures left out)"
}

LOAD_AT_START=$(loadavg)
STARTED=$(date -u +%s)
for round in $(seq "$ROUNDS"); do
  log "round $round of $ROUNDS: starting redis-server and three tremolo processes (load average $(loadavg))"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no > "$LOGS/fanout-redis.log" 2>&1 &
  PID[redis]=$!
  for i in $(seq 100); do redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  start local "$LOCAL_PORT" "${TREMOLO[@]}"
  start node1 "$NODE1_PORT" "${TREMOLO[@]}" --broker "redis://127.0.0.1:$REDIS_PORT" --broker-prefix "bench$round:"
  start node2 "$NODE2_PORT" "${TREMOLO[@]}" --broker "redis://127.0.0.1:$REDIS_PORT" --broker-prefix "bench$round:"
  log "round $round: $LOCAL"
  run "$LOCAL" "$round" "ws://127.0.0.1:$LOCAL_PORT/room" "${PID[local]}"
  log "round $round: $NODES"
  run "$NODES" "$round" "ws://127.0.0.1:$NODE1_PORT/room,ws://127.0.0.1:$NODE2_PORT/room" \
    "node 1=${PID[node1]},node 2=${PID[node2]},redis-server=${PID[redis]}"
  for p in node2 node1 local redis; do stop "$p"; done
done
ELAPSED=$(( $(date -u +%s) - STARTED ))

{
  echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC'), $([ "$QUICK" = 1 ] && echo "quick (rough figures)" || echo full), $ROUNDS round(s) in ${ELAPSED}s; medians over rounds, (ratio to in-process)."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), Linux $(uname -r); .NET $(dotnet --version), $(redis-server --version | cut -d' ' -f1-3)."
  echo "Load average (1, 5, 15 min) at start: $LOAD_AT_START; at end: $(loadavg)."
  echo "Command: \`$( [ "$QUICK" = 1 ] && echo "BENCH_QUICK=1 ")bash bench/fanout.sh\`; loads on 127.0.0.1; CPU is each process's own utime+stime from /proc."
  echo
  "${LOAD[@]}" report --raw "$RAW" --servers "$LOCAL,$NODES" --baseline "$LOCAL" --rounds "$ROUNDS"
} > "$RESULTS/fanout.md"
echo
cat "$RESULTS/fanout.md"
