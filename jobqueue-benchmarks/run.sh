#!/usr/bin/env bash
# Runs the jobqueue vs BullMQ benchmark on a private Redis and prints the table.
# Usage: jobqueue-benchmarks/run.sh [--repeats=3] [--jobs=100000] [--phases=drain,latency] ...
# Needs a JDK, redis-server, node and npm on the PATH; installs BullMQ with `npm ci` on first use.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -d jobqueue-benchmarks/bullmq/node_modules ]; then
  (cd jobqueue-benchmarks/bullmq && npm ci --no-audit --no-fund)
fi
./mvnw -B -q -pl jobqueue-benchmarks -am package -DskipTests
exec java -jar jobqueue-benchmarks/target/jobqueue-benchmarks.jar "$@"
