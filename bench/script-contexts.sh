#!/usr/bin/env bash
# What one script/expression evaluation costs with pooled locked-down contexts vs fresh ones.
# Usage: bench/script-contexts.sh [--build]
source "$(dirname "$0")/common.sh"
# shellcheck disable=SC2086
"$JAVA" ${JAVA_OPTS:-} -cp "$CP" io.flows.bench.ScriptContextCost
