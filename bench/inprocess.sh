#!/usr/bin/env bash
# In-process throughput and latency of the order -> ERP flow at 1 and 64 concurrent executions.
# Usage: bench/inprocess.sh [--build] [--warmup 40] [--duration 10] [--rounds 3] [--users 1,64] [--erp process|inline]
# JAVA_OPTS adds JVM options (e.g. a JFR recording).
source "$(dirname "$0")/common.sh"
OUT="bench/target/results/inprocess-$STAMP.md"
# shellcheck disable=SC2086
"$JAVA" -Xms1g -Xmx1g ${JAVA_OPTS:-} -cp "$CP" io.flows.bench.InProcessBench \
  --flow bench/flows/order-to-erp.yaml --out "$OUT" ${ARGS[@]+"${ARGS[@]}"}
record inprocess "$OUT"
