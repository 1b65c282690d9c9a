# Sourced by http.sh and hooks.sh after common.sh: runs services from a copy of the fat jar, in fresh data
# directories or PostgreSQL databases (flows_bench_<RUN>_*), and stops or drops all of it on exit.
# Set RUN (the results folder prefix) before sourcing.

# the snapshot must have this script's classes; the service runs from a copy of the fat jar (a concurrent
# rebuild must not replace it under a running benchmark)
if [[ ! -f $LIB/bench/io/flows/bench/baseline/BaselineApp.class || ! -f $LIB/bench/io/flows/bench/AsyncBurst.class ]]; then
  build
  snapshot
fi
if [[ $BUILD == 1 || ! -f $LIB/flows.jar || engine/target/flows.jar -nt $LIB/flows.jar ]]; then
  [[ -f engine/target/flows.jar ]] || build
  cp engine/target/flows.jar "$LIB/flows.jar.tmp" && mv "$LIB/flows.jar.tmp" "$LIB/flows.jar"
fi
BASE_CP="$LIB/bench:$(cat "$CP_FILE")"   # no engine classes: their beans would start the whole service

RES="bench/target/results/$RUN-$STAMP"
mkdir -p "$RES"
WORK="$(mktemp -d /tmp/flows-$RUN.XXXXXX)"
PIDS=()
DATABASES=()
cleanup() {
  local rc=$?
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  exec 3>&- 2>/dev/null || true
  for d in "${DATABASES[@]}"; do psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $d" >/dev/null 2>&1 || true; done
  cp "$WORK"/*.log "$RES/" 2>/dev/null || true
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
machine_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

echo "uptime at start: $(uptime)" | tee "$RES/machine.txt"
{ echo "nproc=$(nproc)"; echo "JVM options of the services: -Xmx1g ${JAVA_OPTS:-}"; grep -m1 'model name' /proc/cpuinfo; java -version 2>&1 | sed -n 2p; (wrk --version 2>&1 || true) | head -1; } >> "$RES/machine.txt"

wait_healthy() { # PORT PID NAME T0 -> prints ms to healthy
  for _ in $(seq 1200); do
    kill -0 "$2" 2>/dev/null || { echo "$3 died; log: $WORK/$3.log" >&2; tail -30 "$WORK/$3.log" >&2; exit 1; }
    if curl -sf -o /dev/null "http://127.0.0.1:$1/health"; then echo $(( $(now_ms) - $4 )); return; fi
    sleep 0.05
  done
  echo "$3 not healthy after 60 s" >&2; exit 1
}

# start_erp: the ERP stub of W1 and W2 in its own JVM, which exits when fd 3 (our end of its fifo) closes; sets
# ERP_PID and ERP_URL.
start_erp() {
  mkfifo "$WORK/erp.in"
  java -Xmx256m -XX:+UseSerialGC -Dsun.net.httpserver.nodelay=true -cp "$BASE_CP" io.flows.bench.ErpServer 2 \
    < "$WORK/erp.in" > "$WORK/erp.out" 2> "$WORK/erp.log" &
  ERP_PID=$!; PIDS+=("$ERP_PID")
  exec 3> "$WORK/erp.in"
  for _ in $(seq 100); do grep -q ERP_PORT "$WORK/erp.out" 2>/dev/null && break; sleep 0.1; done
  local port; port="$(sed -n 's/ERP_PORT=//p' "$WORK/erp.out")"
  [[ -n $port ]] || { echo "ERP stub did not start" >&2; exit 1; }
  ERP_URL="http://127.0.0.1:$port"
}

declare -A PORT PID
# start_engine NAME DB [extra env...]: a fresh service (fresh data dir or database); records start-up ms.
# ENGINE_JAR (absolute path) runs another build of the service instead of the snapshot, ENGINE_JAVA another java
# binary than the one on PATH (bench/compare.sh).
start_engine() {
  local name="$1" db="$2"; shift 2
  local port dir env=()
  port="$(free_port)"; dir="$WORK/$name"; mkdir -p "$dir"
  if [[ $db == pg ]]; then
    local d="flows_bench_${RUN}_${name//-/_}_$$"
    psql -q -h 127.0.0.1 -U postgres -c "create database $d" >/dev/null
    DATABASES+=("$d")
    env+=("DATASOURCES_DEFAULT_URL=jdbc:postgresql://127.0.0.1:5432/$d" DATASOURCES_DEFAULT_USERNAME=postgres
          DATASOURCES_DEFAULT_PASSWORD= DATASOURCES_DEFAULT_DIALECT=POSTGRES)
  fi
  local t0; t0="$(now_ms)"
  (cd "$dir" && exec env "${env[@]}" "$@" MICRONAUT_SERVER_PORT="$port" FLOWS_DATA_DIR="$dir/data" \
     FLOWS_LOAD_SAMPLES=false FLOWS_VAR_erpBase="${ERP_URL:-}" \
     "${ENGINE_JAVA:-java}" -Xmx1g ${JAVA_OPTS:-} -jar "${ENGINE_JAR:-$ROOT/$LIB/flows.jar}" > "$WORK/$name.log" 2>&1) &
  PID[$name]=$!; PORT[$name]=$port; PIDS+=("$!")
  local ms; ms="$(wait_healthy "$port" "${PID[$name]}" "$name" "$t0")"
  echo -e "$name\t$db\t$ms\t$(status_kb "${PID[$name]}" VmRSS)" >> "$RES/startup.tsv"
  echo "$name ($db) healthy after $ms ms on port $port"
}
create_flow() { # NAME FILE
  local code; code="$(curl -s -o "$WORK/create.out" -w '%{http_code}' -XPOST -H 'Content-Type: application/yaml' \
    --data-binary @"$2" "http://127.0.0.1:${PORT[$1]}/api/flows")"
  [[ $code == 201 || $code == 200 ]] || { echo "creating $2 on $1: HTTP $code $(cat "$WORK/create.out")" >&2; exit 1; }
}
