#!/usr/bin/env bash
# The end-to-end benchmark (see benchmarks/README.md): builds Andante's jar and the benchmarks,
# fetches Zipkin's server jar through Maven, and runs dev.andante.benchmarks.e2e.Harness with the
# flags given, e.g.  benchmarks/run-e2e.sh --backends local --duration 60s
# Set SKIP_BUILD=1 to reuse what an earlier run built, MVN_FLAGS=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f deploy/target/andante.jar ] || [ ! -f benchmarks/target/classpath.txt ]; then
  mvn ${MVN_FLAGS:-} -q -B -pl benchmarks -am package -DskipTests
fi

ZIPKIN_JAR=benchmarks/target/zipkin/zipkin-server-3.5.1-exec.jar
if [ ! -f "$ZIPKIN_JAR" ]; then
  mvn ${MVN_FLAGS:-} -q -B -N dependency:copy -Dartifact=io.zipkin:zipkin-server:3.5.1:jar:exec \
    -DoutputDirectory=benchmarks/target/zipkin
fi

exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.andante.benchmarks.e2e.Harness --zipkin-jar "$ZIPKIN_JAR" "$@"
