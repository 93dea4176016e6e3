#!/usr/bin/env bash
# Prints issue 14's pull latency (publish -> local app through `hookline listen`), beside push (see
# PullLatencyBenchmark). Args: [events per path = 30]. Builds in the reactor; installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests -pl local -am package dependency:build-classpath \
    -Dmdep.outputFile="$PWD/local/target/bench.classpath" -Dmdep.includeScope=test
java=$(bin/java25)
exec "$java" --enable-native-access=ALL-UNNAMED \
  -cp "local/target/test-classes:local/target/classes:$(cat local/target/bench.classpath)" \
  dev.hookline.local.bench.PullLatencyBenchmark "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)|^\{"(time|_aws)"'
