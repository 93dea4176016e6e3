#!/usr/bin/env bash
# Prints issue 10's noisy-neighbour figures (see NoisyNeighbourBenchmark): a fast endpoint's delivery latency,
# quiet and beside a slow/hung storm, side by side. Args: [rounds=3]
# Builds in the reactor and installs nothing into ~/.m2 (checkouts side by side never run each other's jars).
set -euo pipefail
cd "$(dirname "$0")/.."
cp=local/target/bench-test.classpath
mvn -q -B -DskipTests -pl local -am package dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp" -Dmdep.includeScope=test
java=$(bin/java25)
exec "$java" --enable-native-access=ALL-UNNAMED \
  -cp "local/target/test-classes:local/target/classes:$(cat "$cp")" \
  dev.hookline.local.bench.NoisyNeighbourBenchmark "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)|^\{"(time|_aws)"|^\[local\]'
