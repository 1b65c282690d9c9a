#!/usr/bin/env bash
# W1 side by side: two or more builds of the service (fat jars), each on a fresh H2 or PostgreSQL database,
# against one ERP stub, with rounds interleaved so that the machine's noise falls on all of them alike.
# Usage: bench/compare.sh [--db h2|pg] [--warmup 40] [--duration 10] [--rounds 3] [--conns 16,64]
#                         [--java JAVA] [--opts 'JVM OPTIONS'] JAR [--java ...] [--opts '...'] JAR...
# --opts applies to the next JAR only (after the harness's -Xmx1g, so an -Xmx there wins): the same jar given
# twice with different options compares JVM settings. --java (a java binary) also applies to the next JAR only,
# to compare JDKs; without it the service runs on the java found on PATH. Prints req/s, p50, p99 and CPU ms per request per build
# and level (medians over rounds), each build's throughput relative to the first, and each build's peak RSS.
# Nothing is written to bench/RESULTS.md.
source "$(dirname "$0")/common.sh"

DB=h2 WARMUP=40 DURATION=10 ROUNDS=3 CONNS=16,64 JARS=() OPTS=() JAVAS=() NEXT_OPTS= NEXT_JAVA=
set -- ${ARGS[@]+"${ARGS[@]}"}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) DB="$2"; shift ;; --warmup) WARMUP="$2"; shift ;; --duration) DURATION="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;; --conns) CONNS="$2"; shift ;; --opts) NEXT_OPTS="$2"; shift ;;
    --java) NEXT_JAVA="$2"; shift ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) JARS+=("$(realpath "$1")"); OPTS+=("$NEXT_OPTS"); JAVAS+=("$NEXT_JAVA"); NEXT_OPTS="" NEXT_JAVA="" ;;
  esac
  shift
done
[[ ${#JARS[@]} -ge 2 ]] || { echo "give at least two jars" >&2; exit 2; }

RUN=compare
source "$(dirname "$0")/service.sh"

start_erp

echo -e "name\tdb\tstartup_ms\trss_kb" > "$RES/startup.tsv"
NAMES=()
for i in "${!JARS[@]}"; do
  name="build$i"
  ENGINE_JAR="${JARS[$i]}" ENGINE_JAVA="${JAVAS[$i]}" JAVA_OPTS="${OPTS[$i]}" start_engine "$name" "$DB"
  create_flow "$name" bench/flows/http-order-to-erp.yaml
  NAMES+=("$name")
  echo "$name = ${JAVAS[$i]:+${JAVAS[$i]} }${JARS[$i]} ${OPTS[$i]}"
done

run_wrk() { # NAME CONNS SECONDS -> BENCH line
  local th=2; [[ $2 -lt 2 ]] && th=1
  wrk -t"$th" -c"$2" -d"$3s" --timeout 10s -s "$BENCH_DIR/http/order.lua" \
    "http://127.0.0.1:${PORT[$1]}/api/flows/order-to-erp/executions?wait=true" 2>&1 | grep '^BENCH requests' \
    || echo "BENCH requests=0"
}
echo "warm-up: ${WARMUP}s at 64 connections per build"
for n in "${NAMES[@]}"; do run_wrk "$n" 64 "$WARMUP" > /dev/null; done

IFS=, read -ra CONN_LIST <<< "$CONNS"
echo -e "round\tname\tconns\trequests\tduration_us\tbad\tp50_us\tp99_us\tticks" > "$RES/rounds.tsv"
for r in $(seq "$ROUNDS"); do
  for c in "${CONN_LIST[@]}"; do
    for n in "${NAMES[@]}"; do
      t0=$(proc_ticks "${PID[$n]}")
      line="$(run_wrk "$n" "$c" "$DURATION")"
      t1=$(proc_ticks "${PID[$n]}")
      kv() { sed -n "s/.* $1=\([0-9-]*\).*/\1/p" <<< " $line"; }
      echo -e "$r\t$n\t$c\t$(kv requests)\t$(kv duration_us)\t$(( $(kv bad) + $(kv errors) ))\t$(kv p50_us)\t$(kv p99_us)\t$((t1 - t0))" >> "$RES/rounds.tsv"
      echo "round $r  $n  c=$c  $line"
    done
  done
done

LABELS=()
for i in "${!JARS[@]}"; do LABELS+=("${JAVAS[$i]:+${JAVAS[$i]} }${JARS[$i]}${OPTS[$i]:+ ${OPTS[$i]}}"); done
python3 - "$RES/rounds.tsv" "$(getconf CLK_TCK)" "${LABELS[@]}" <<'PY' | tee "$RES/report.md"
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
hz, jars = int(sys.argv[2]), sys.argv[3:]
med = statistics.median
print("| build | conns | req/s | p50 ms | p99 ms | CPU ms/req | bad | vs build0 |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
base = {}
for c in sorted({int(r["conns"]) for r in rows}):
    for i, jar in enumerate(jars):
        rs = [r for r in rows if r["name"] == f"build{i}" and int(r["conns"]) == c]
        rps = med(int(r["requests"]) / (int(r["duration_us"]) / 1e6) for r in rs)
        cpu = med(int(r["ticks"]) * 1000 / hz / max(1, int(r["requests"])) for r in rs)
        base.setdefault(c, rps)
        print(f"| build{i} `{jar}` | {c} | {rps:,.0f} | {med(int(r['p50_us']) for r in rs)/1000:.1f} | "
              f"{med(int(r['p99_us']) for r in rs)/1000:.1f} | {cpu:.2f} | {sum(int(r['bad']) for r in rs)} | "
              f"{rps / base[c]:.2f}× |")
PY
for n in "${NAMES[@]}"; do echo "$n peak RSS $(( $(status_kb "${PID[$n]}" VmHWM) / 1024 )) MB"; done | tee -a "$RES/report.md"
echo "uptime at end: $(uptime)"
