#!/usr/bin/env bash
# A CPU (or allocation) profile of one service under W1, with async-profiler, summarised by thread, by package and
# by io.flows method (inclusive). The same service, flow, order and ERP stub as bench/http.sh.
# Usage: bench/profile.sh [--build] [--db h2|pg] [--conns 64] [--warmup 240] [--duration 30] [--event cpu|alloc]
#                         [--jar PATH]
# Needs wrk and async-profiler (fetched from Maven Central on first use). Report: bench/target/results/profile-*/.
source "$(dirname "$0")/common.sh"

DB=h2 CONNS=64 WARMUP=240 DURATION=30 EVENT=cpu JAR=
set -- ${ARGS[@]+"${ARGS[@]}"}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) DB="$2" ;; --conns) CONNS="$2" ;; --warmup) WARMUP="$2" ;; --duration) DURATION="$2" ;;
    --event) EVENT="$2" ;; --jar) JAR="$2" ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

PROFILER_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/3.0/async-profiler-3.0.jar"
[[ -f $PROFILER_JAR ]] || mvn -q dependency:get -Dartifact=tools.profiler:async-profiler:3.0
RUN=profile
source "$(dirname "$0")/service.sh"
unzip -q -o "$PROFILER_JAR" 'linux-x64/*' -d "$WORK/asprof"
AGENT="$(find "$WORK/asprof" -name libasyncProfiler.so | head -1)"

start_erp

[[ -n $JAR ]] && ENGINE_JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
start_engine engine "$DB"
create_flow engine bench/flows/http-order-to-erp.yaml
url="http://127.0.0.1:${PORT[engine]}/api/flows/order-to-erp/executions?wait=true"

echo "warming up for ${WARMUP}s at $CONNS connections"
wrk -t"$(( CONNS < 2 ? 1 : 2 ))" -c"$CONNS" -d"${WARMUP}s" --timeout 10s -s bench/http/order.lua "$url" > "$RES/warmup.txt"
wrk -t"$(( CONNS < 2 ? 1 : 2 ))" -c"$CONNS" -d"$((DURATION + 4))s" --timeout 10s -s bench/http/order.lua "$url" > "$RES/load.txt" &
WRK=$!
sleep 2
t0="$(proc_ticks "${PID[engine]}")"
# `threads` puts the thread's name at the root of each stack; the quotes keep jcmd from reading the options
jcmd "${PID[engine]}" JVMTI.agent_load "$AGENT" "\"start,event=$EVENT,interval=1ms,jstackdepth=1024,threads\"" > /dev/null
sleep "$DURATION"
jcmd "${PID[engine]}" JVMTI.agent_load "$AGENT" "\"stop,file=$ROOT/$RES/$EVENT.collapsed,collapsed\"" > /dev/null
t1="$(proc_ticks "${PID[engine]}")"
wait "$WRK"
{
  echo "uptime: $(uptime)"
  echo "service CPU while profiling: $(( (t1 - t0) )) ticks in ${DURATION}s (100 ticks = 1 core-second)"
  grep -E 'Requests/sec|Latency|bad' "$RES/load.txt" || true
  python3 "$BENCH_DIR/http/profile_summary.py" "$RES/$EVENT.collapsed"
} | tee "$RES/summary.txt"
echo "profile: $RES/$EVENT.collapsed; summary: $RES/summary.txt"
