#!/usr/bin/env bash
# Webhook ingestion over HTTP (wrk): signed Standard Webhooks deliveries to POST /hooks/bench/orders, on H2 and
# PostgreSQL. Measures deliveries/s and latency to the 200 while the load runs, then how long the service takes to
# process everything it accepted (every delivery must end PROCESSED: one execution each).
# Usage: bench/hooks.sh [--build] [--warmup 10] [--duration 15] [--rounds 2] [--conns 64] [--dbs h2,pg]
source "$(dirname "$0")/common.sh"

WARMUP=10 DURATION=15 ROUNDS=2 CONNS=64 DBS=h2,pg
set -- ${ARGS[@]+"${ARGS[@]}"}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --warmup) WARMUP="$2" ;; --duration) DURATION="$2" ;; --rounds) ROUNDS="$2" ;; --conns) CONNS="$2" ;;
    --dbs) DBS="$2" ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
RUN=hooks
source "$(dirname "$0")/service.sh"

SECRET="whsec_$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(24)).decode())')"
THREADS=2
# more deliveries per file than a thread can send (a repeat would be a duplicate and counted as bad)
PER_FILE=$(( 6000 * (DURATION > WARMUP ? DURATION : WARMUP) ))

metric() { # PORT OUTCOME -> the sum of flows_webhook_deliveries_total{outcome=OUTCOME}
  curl -s "http://127.0.0.1:$1/prometheus" \
    | awk -v o="outcome=\"$2\"" '/^flows_webhook_deliveries_total/ && index($0, o) {s += $NF} END {printf "%d\n", s}'
}
load() { # PORT SECONDS PREFIX -> BENCH line
  local dir="$WORK/deliveries-$3"; mkdir -p "$dir"
  python3 "$BENCH_DIR/http/sign_deliveries.py" "$SECRET" "$PER_FILE" "$THREADS" "$3" "$dir"
  HOOK_DIR="$dir" wrk -t"$THREADS" -c"$CONNS" -d"${2}s" --timeout 10s -s "$BENCH_DIR/http/hook.lua" \
    "http://127.0.0.1:$1/hooks/bench/orders" > "$WORK/wrk.out" 2>&1 || true
  rm -rf "$dir"
  grep '^BENCH requests' "$WORK/wrk.out" || { echo "wrk failed: $(cat "$WORK/wrk.out")" >&2; echo "BENCH requests=0"; }
  grep '^BENCH first_bad' "$WORK/wrk.out" >&2 || true
}
drain() { # PORT -> ms until processed + failed reaches received (at most 10 minutes)
  local t0; t0="$(now_ms)"
  for _ in $(seq 6000); do
    local r p f; r="$(metric "$1" received)"; p="$(metric "$1" processed)"; f="$(metric "$1" failed)"
    if (( p + f >= r )); then echo $(( $(now_ms) - t0 )); return; fi
    sleep 0.1
  done
  echo "not drained after 10 minutes" >&2; echo -1
}

echo -e "round\tdb\tconns\trequests\tduration_us\terrors\tbad\tp50_us\tp90_us\tp99_us\tmax_us\tdrain_ms\treceived\tprocessed\tfailed\tservice_ticks\tbusy_ticks\ttotal_ticks" > "$RES/hooks.tsv"
echo -e "name\tdb\tstartup_ms\trss_kb" > "$RES/startup.tsv"
IFS=, read -ra DB_LIST <<< "$DBS"
for db in "${DB_LIST[@]}"; do
  name="hooks-$db"
  start_engine "$name" "$db" FLOWS_SECRET_BENCH_HOOK="$SECRET" FLOWS_WEBHOOK_RATE_LIMIT=0   # capacity, not the limit
  create_flow "$name" bench/flows/hook-orders.yaml
  port="${PORT[$name]}"
  echo "$name: warm-up ${WARMUP}s"
  load "$port" "$WARMUP" "w" > /dev/null
  drain "$port" > /dev/null
  for r in $(seq "$ROUNDS"); do
    r0="$(metric "$port" received)"; p0="$(metric "$port" processed)"; f0="$(metric "$port" failed)"
    s0=$(proc_ticks "${PID[$name]}"); read -r b0 a0 < <(machine_ticks)
    line="$(load "$port" "$DURATION" "r$r")"
    ms="$(drain "$port")"
    s1=$(proc_ticks "${PID[$name]}"); read -r b1 a1 < <(machine_ticks)
    r1="$(metric "$port" received)"; p1="$(metric "$port" processed)"; f1="$(metric "$port" failed)"
    kv() { sed -n "s/.* $1=\([0-9-]*\).*/\1/p" <<< " $line"; }
    echo -e "$r\t$db\t$CONNS\t$(kv requests)\t$(kv duration_us)\t$(kv errors)\t$(kv bad)\t$(kv p50_us)\t$(kv p90_us)\t$(kv p99_us)\t$(kv max_us)\t$ms\t$((r1-r0))\t$((p1-p0))\t$((f1-f0))\t$((s1-s0))\t$((b1-b0))\t$((a1-a0))" >> "$RES/hooks.tsv"
    echo "round $r $name: $line drained_after_ms=$ms received=$((r1-r0)) processed=$((p1-p0)) failed=$((f1-f0))"
  done
  echo -e "$name\t$(status_kb "${PID[$name]}" VmRSS)\t$(status_kb "${PID[$name]}" VmHWM)\t$(status_kb "${PID[$name]}" Threads)" >> "$RES/rss.tsv"
  kill "${PID[$name]}"; wait "${PID[$name]}" 2>/dev/null || true
done

echo "uptime at end: $(uptime)" | tee -a "$RES/machine.txt"
OUT="$RES/report.md"
python3 - "$RES" "$DURATION" "$ROUNDS" "$WARMUP" "$CONNS" > "$OUT" <<'PY'
import csv, statistics, sys
res, duration, rounds, warmup, conns = sys.argv[1:6]
rows = list(csv.DictReader(open(f"{res}/hooks.tsv"), delimiter="\t"))
print(f"Warm-up {warmup} s, then {rounds} rounds of {duration} s at {conns} connections per database; after each round the")
print("service drains its inbox (every accepted delivery run to its end) before the next starts.\n")
print("| db | round | deliveries/s | p50 ms | p99 ms | max ms | not 200 / errors | accepted | processed | failed | drained after the load | machine busy |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
by_db = {}
for r in rows:
    rate = int(r["requests"]) / (int(r["duration_us"]) / 1e6) if int(r["duration_us"]) else 0
    busy = int(r["busy_ticks"]) / max(1, int(r["total_ticks"]))
    by_db.setdefault(r["db"], []).append((rate, int(r["p99_us"]) / 1000))
    print(f"| {r['db']} | {r['round']} | {rate:,.0f} | {int(r['p50_us'])/1000:.1f} | {int(r['p99_us'])/1000:.1f} | "
          f"{int(r['max_us'])/1000:.0f} | {r['bad']} / {r['errors']} | {int(r['received']):,} | {int(r['processed']):,} | "
          f"{r['failed']} | {int(r['drain_ms'])/1000:.1f} s | {busy:.0%} |")
print()
for db, v in by_db.items():
    print(f"- {db}: median {statistics.median(x[0] for x in v):,.0f} deliveries/s, median p99 {statistics.median(x[1] for x in v):.1f} ms")
print()
for line in open(f"{res}/rss.tsv"):
    n, rss, hwm, th = line.split()
    print(f"- {n}: RSS {int(rss)//1024} MB after the run (peak {int(hwm)//1024} MB), {th} threads")
print()
print("Machine: " + " ".join(l.strip() for l in open(f"{res}/machine.txt")))
PY
cat "$OUT"
record hooks "$OUT"
