#!/usr/bin/env bash
# 10,000 executions waiting in a 5 s delay at the same time, in a 1 GB heap.
# Usage: bench/delays.sh [--build] [--count 10000] [--warmup 2000]
# JAVA_OPTS adds JVM options.
source "$(dirname "$0")/common.sh"
OUT="bench/target/results/delays-$STAMP.md"
# shellcheck disable=SC2086
"$JAVA" -Xmx1g ${JAVA_OPTS:-} -cp "$CP" io.flows.bench.DelayBench \
  --flow bench/flows/wait-5s.yaml --warmup-flow bench/flows/wait-10ms.yaml --out "$OUT" ${ARGS[@]+"${ARGS[@]}"}
record delays "$OUT"
