#!/usr/bin/env bash
# Compares builds of the benchmark harness (for example before and after a change): runs each jar in
# turn, round after round, with the same options, and prints every run's lines prefixed by the jar.
# Usage: jobqueue-benchmarks/compare.sh ROUNDS A.jar B.jar ... -- [harness options]
# Build a jar of another revision with: git worktree add /tmp/rev REV && (cd /tmp/rev &&
#   ./mvnw -B -q -pl jobqueue-benchmarks -am package -DskipTests), then pass
#   /tmp/rev/jobqueue-benchmarks/target/jobqueue-benchmarks.jar.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="$1"
shift
jars=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  jars+=("$1")
  shift
done
[ $# -gt 0 ] && shift
for round in $(seq 1 "$rounds"); do
  for jar in "${jars[@]}"; do
    java -jar "$jar" --repeats=1 --out=/dev/null "$@" 2>&1 | grep '^run' | sed "s|^run 1/1|round $round/$rounds $(basename "$jar")|"
  done
done
