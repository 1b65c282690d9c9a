#!/usr/bin/env bash
# The service over HTTP (wrk), side by side with a plain Micronaut baseline, on H2 and PostgreSQL; W2 (10,000
# asynchronous 5 s waits); start-up time; RSS; a JFR profile of one W1 run at 64 connections.
# Usage: bench/http.sh [--build] [--warmup 30] [--duration 10] [--rounds 3] [--conns 1,16,64] [--dbs h2,pg]
#                      [--w2-count 10000] [--w2-dbs h2,pg] [--w2-warmup 60] [--jfr true]
# Everything it starts (ERP stub, services, baseline, databases flows_bench_http_*) is stopped or dropped on exit.
source "$(dirname "$0")/common.sh"

WARMUP=30 DURATION=10 ROUNDS=3 CONNS=1,16,64 DBS=h2,pg W2_COUNT=10000 W2_DBS=h2,pg W2_WARMUP=60 JFR=true
set -- ${ARGS[@]+"${ARGS[@]}"}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --warmup) WARMUP="$2" ;; --duration) DURATION="$2" ;; --rounds) ROUNDS="$2" ;; --conns) CONNS="$2" ;;
    --dbs) DBS="$2" ;; --w2-count) W2_COUNT="$2" ;; --w2-dbs) W2_DBS="$2" ;; --w2-warmup) W2_WARMUP="$2" ;;
    --jfr) JFR="$2" ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

RUN=http
source "$(dirname "$0")/service.sh"

start_erp

start_baseline() {
  local port; port="$(free_port)"
  local t0; t0="$(now_ms)"
  java -Xmx1g ${JAVA_OPTS:-} -Dmicronaut.server.port="$port" -Dmicronaut.server.host=127.0.0.1 -Derp.url="$ERP_URL" \
    -Dmicronaut.metrics.enabled=false -Dlogback.configurationFile="$BENCH_DIR/http/logback-baseline.xml" \
    -cp "$BASE_CP" io.flows.bench.baseline.BaselineApp > "$WORK/baseline.log" 2>&1 &
  PID[baseline]=$!; PORT[baseline]=$port; PIDS+=("$!")
  local ms; ms="$(wait_healthy "$port" "${PID[baseline]}" baseline "$t0")"
  echo -e "baseline\t-\t$ms\t$(status_kb "${PID[baseline]}" VmRSS)" >> "$RES/startup.tsv"
  echo "baseline healthy after $ms ms on port $port"
}

# targets of W1: name -> URL
declare -A URL
TARGETS=()
echo -e "name\tdb\tstartup_ms\trss_kb" > "$RES/startup.tsv"
IFS=, read -ra DB_LIST <<< "$DBS"
for db in "${DB_LIST[@]}"; do
  start_engine "engine-$db" "$db"
  create_flow "engine-$db" bench/flows/http-order-to-erp.yaml
  URL[engine-$db]="http://127.0.0.1:${PORT[engine-$db]}/api/flows/order-to-erp/executions?wait=true"
  TARGETS+=("engine-$db")
done
start_baseline
for v in mn jdk; do URL[baseline-$v]="http://127.0.0.1:${PORT[baseline]}/baseline/$v"; PID[baseline-$v]=${PID[baseline]}; TARGETS+=("baseline-$v"); done
for t in "${TARGETS[@]}"; do PID[$t]=${PID[$t]:-${PID[baseline]}}; done

BODY='{"orderId":"A-1","customer":"acme gmbh","items":[{"sku":"X-1","qty":2,"price":19.5},{"sku":"Y-7","qty":1,"price":5},{"sku":"Z-3","qty":10,"price":0.25}]}'
for t in "${TARGETS[@]}"; do
  echo "$t: $(curl -s -XPOST -H 'Content-Type: application/json' -d "$BODY" "${URL[$t]}" | head -c 300)" | tee -a "$RES/sample-answers.txt"
done

run_wrk() { # TARGET CONNS SECONDS -> BENCH line
  local t="$1" c="$2" s="$3" th=2
  [[ $c -lt 2 ]] && th=1
  wrk -t"$th" -c"$c" -d"${s}s" --timeout 10s -s "$BENCH_DIR/http/order.lua" "${URL[$t]}" > "$WORK/wrk.out" 2>&1 || true
  grep '^BENCH requests' "$WORK/wrk.out" || { echo "wrk failed: $(cat "$WORK/wrk.out")" >&2; echo "BENCH requests=0"; }
  grep '^BENCH first_bad' "$WORK/wrk.out" >&2 || true
}

echo "warm-up: ${WARMUP}s at 64 connections then 5 s at 1, per target"
for t in "${TARGETS[@]}"; do run_wrk "$t" 64 "$WARMUP" > /dev/null; run_wrk "$t" 1 5 > /dev/null; done

IFS=, read -ra CONN_LIST <<< "$CONNS"
echo -e "round\ttarget\tconns\trequests\tduration_us\terrors\tbad\tp50_us\tp90_us\tp99_us\tmax_us\ttarget_ticks\terp_ticks\tbusy_ticks\ttotal_ticks" > "$RES/w1.tsv"
for r in $(seq "$ROUNDS"); do
  for c in "${CONN_LIST[@]}"; do
    for t in "${TARGETS[@]}"; do
      p0=$(proc_ticks "${PID[$t]}"); e0=$(proc_ticks "$ERP_PID"); read -r b0 a0 < <(machine_ticks)
      line="$(run_wrk "$t" "$c" "$DURATION")"
      p1=$(proc_ticks "${PID[$t]}"); e1=$(proc_ticks "$ERP_PID"); read -r b1 a1 < <(machine_ticks)
      kv() { sed -n "s/.* $1=\([0-9-]*\).*/\1/p" <<< " $line"; }
      echo -e "$r\t$t\t$c\t$(kv requests)\t$(kv duration_us)\t$(kv errors)\t$(kv bad)\t$(kv p50_us)\t$(kv p90_us)\t$(kv p99_us)\t$(kv max_us)\t$((p1-p0))\t$((e1-e0))\t$((b1-b0))\t$((a1-a0))" >> "$RES/w1.tsv"
      echo "round $r  $t  c=$c  $line"
    done
  done
done

# resident memory after W1
echo -e "name\tvmrss_kb\tvmhwm_kb\tthreads" > "$RES/rss-after-w1.tsv"
for t in "${DB_LIST[@]/#/engine-}" baseline; do
  echo -e "$t\t$(status_kb "${PID[$t]}" VmRSS)\t$(status_kb "${PID[$t]}" VmHWM)\t$(status_kb "${PID[$t]}" Threads)" >> "$RES/rss-after-w1.tsv"
done
# executions recorded (H2: read through the API; PG: count in the database)
for db in "${DB_LIST[@]}"; do
  if [[ $db == pg ]]; then
    d="flows_bench_http_engine_pg_$$"
    echo "engine-pg executions recorded: $(psql -At -h 127.0.0.1 -U postgres -d "$d" -c "select status || '=' || count(*) from executions group by status" | paste -sd' ') steps: $(psql -At -h 127.0.0.1 -U postgres -d "$d" -c 'select count(*) from execution_steps' 2>/dev/null || echo '?')" | tee -a "$RES/recorded.txt"
  fi
done

# one profiled W1 run at 64 connections per engine
if [[ $JFR == true ]]; then
  for db in "${DB_LIST[@]}"; do
    t="engine-$db"
    jcmd "${PID[$t]}" JFR.start name=w1 settings=profile filename="$ROOT/$RES/w1-$db.jfr" > /dev/null
    echo "profiled run $t c=64: $(run_wrk "$t" 64 "$DURATION")" | tee -a "$RES/profiled-run.txt"
    jcmd "${PID[$t]}" JFR.stop name=w1 > /dev/null
    jfr print --stack-depth 64 --events jdk.ExecutionSample "$RES/w1-$db.jfr" > "$WORK/samples-$db.txt"
    python3 "$BENCH_DIR/http/jfr_summary.py" "$WORK/samples-$db.txt" > "$RES/jfr-$db.txt"
  done
fi

# stop the W1 processes before W2
for t in "${DB_LIST[@]/#/engine-}" baseline; do kill "${PID[$t]}"; wait "${PID[$t]}" 2>/dev/null || true; done

# W2: fresh services, 10,000 asynchronous starts of "wait 5 s, then POST". "cold": right after start-up;
# "warm": after W2_WARMUP seconds of W1 traffic (another flow) on the same service, so that the JIT has
# compiled the request, storage and engine paths the burst uses.
IFS=, read -ra W2_LIST <<< "$W2_DBS"
for db in "${W2_LIST[@]}"; do
  for variant in cold warm; do
    name="w2-$db-$variant"
    start_engine "$name" "$db"
    create_flow "$name" bench/flows/http-wait-then-erp.yaml
    if [[ $variant == warm ]]; then
      create_flow "$name" bench/flows/http-order-to-erp.yaml
      URL[$name]="http://127.0.0.1:${PORT[$name]}/api/flows/order-to-erp/executions?wait=true"
      run_wrk "$name" 64 "$W2_WARMUP" > /dev/null
    fi
    java -cp "$BASE_CP" io.flows.bench.AsyncBurst --url "http://127.0.0.1:${PORT[$name]}" --flow wait-then-erp \
      --count "$W2_COUNT" --connections 64 --pid "${PID[$name]}" > "$RES/$name.txt"
    echo "$name: $(paste -sd' ' "$RES/$name.txt")"
    kill "${PID[$name]}"; wait "${PID[$name]}" 2>/dev/null || true
  done
done

echo "uptime at end: $(uptime)" | tee -a "$RES/machine.txt"
OUT="$RES/report.md"
python3 "$BENCH_DIR/http/report.py" "$RES" "$DURATION" "$ROUNDS" "$WARMUP" > "$OUT"
cat "$OUT"
record http "$OUT"
