# Sourced by inprocess.sh and delays.sh: builds if needed, computes the class path, records results.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
cd "$ROOT"

BUILD=0
ARGS=()
for a in "$@"; do
  if [[ "$a" == "--build" ]]; then BUILD=1; else ARGS+=("$a"); fi
done

build() {
  echo "building: mvn -q -o install -Dmaven.test.skip=true" >&2
  mvn -q -o install -Dmaven.test.skip=true || mvn -q install -Dmaven.test.skip=true
}

# The benchmark runs from a snapshot of the compiled classes (bench/target/lib) taken right after a build, so
# that another engineer's `mvn clean` or rebuild of a module cannot pull classes from under a running benchmark.
LIB=bench/target/lib
MODULES=(bench engine steps flow-dsl)
snapshot() {
  rm -rf "$LIB.tmp" && mkdir -p "$LIB.tmp"
  for m in "${MODULES[@]}"; do cp -r "$m/target/classes" "$LIB.tmp/$m"; done
  for c in bench/io/flows/bench/InProcessBench engine/io/flows/engine/runtime/FlowEngine \
           steps/io/flows/steps/runtime/StepProcessor flow-dsl/io/flows/dsl/FlowDsl; do
    [[ -f "$LIB.tmp/$c.class" ]] || { echo "incomplete build: $c.class is missing (a concurrent clean?)" >&2; exit 1; }
  done
  rm -rf "$LIB" && mv "$LIB.tmp" "$LIB"
}
if [[ $BUILD == 1 || ! -f $LIB/bench/io/flows/bench/InProcessBench.class || ! -d $LIB/flow-dsl ]]; then
  build
  snapshot
fi

# Third-party jars of the bench module; our own modules come from the snapshot (the installed engine jar is a
# shaded fat jar, which would put every dependency on the class path twice).
CP_FILE=bench/target/classpath.txt
if [[ $BUILD == 1 || ! -s $CP_FILE || bench/pom.xml -nt $CP_FILE || pom.xml -nt $CP_FILE ]]; then
  mvn -q -o dependency:build-classpath -pl bench -Dmdep.outputFile="$ROOT/$CP_FILE.raw" \
    || mvn -q dependency:build-classpath -pl bench -Dmdep.outputFile="$ROOT/$CP_FILE.raw"
  tr ':' '\n' < "$CP_FILE.raw" | grep -v '/io/flows/' | grep '\.jar$' | paste -sd: - > "$CP_FILE"
fi
CP="$(printf "$LIB/%s:" "${MODULES[@]}")$(cat "$CP_FILE")"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
STAMP="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
mkdir -p bench/target/results

# record NAME FILE: replaces the block between the NAME markers in bench/RESULTS.md with FILE's text
# (skipped when BENCH_NO_RECORD is set, e.g. for a profiling run).
# Keep the arguments of the run in the title so that a diagnostic run is recognisable.
record() {
  local name="$1" file="$2" results="$BENCH_DIR/RESULTS.md"
  if [[ -n "${BENCH_NO_RECORD:-}" ]]; then
    echo "not recorded in bench/RESULTS.md (BENCH_NO_RECORD is set); this run: $file"
    return
  fi
  local begin="<!-- $name:last-run -->" end="<!-- /$name:last-run -->"
  [[ -f "$results" ]] || printf '# Benchmark results\n' > "$results"
  if ! grep -qF "$begin" "$results"; then
    printf '\n%s\n%s\n' "$begin" "$end" >> "$results"
  fi
  local block
  block="$(mktemp)"
  {
    echo "$begin"
    echo "### Last run of \`bench/$(basename "$0") ${ARGS[*]:-}\` — $STAMP"
    echo
    cat "$file"
    echo "$end"
  } > "$block"
  awk -v begin="$begin" -v end="$end" -v block="$block" '
    $0 == begin { while ((getline line < block) > 0) print line; skip = 1; next }
    $0 == end { skip = 0; next }
    !skip { print }' "$results" > "$results.tmp"
  mv "$results.tmp" "$results"
  rm -f "$block"
  echo "recorded in bench/RESULTS.md (section $name:last-run); this run: $file"
}
