#!/usr/bin/env bash
# Prints issue 3's delivery figures (see DeliveryBatchBenchmark). Args: [slow rounds=21] [instant batches=60]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install -pl local -am
mvn -q -B -pl local dependency:build-classpath -Dmdep.outputFile="$PWD/local/target/bench.classpath" -Dmdep.includeScope=test
java=$(bin/java25)
exec "$java" --enable-native-access=ALL-UNNAMED \
  -cp "local/target/test-classes:local/target/classes:$(cat local/target/bench.classpath)" \
  dev.hookline.local.bench.DeliveryBatchBenchmark "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)|^\{"time"'
