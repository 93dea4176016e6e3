#!/usr/bin/env bash
# Delivery and answer-time figures side by side (see DeliveryBatchBenchmark): a batch of 10 to a 200 ms receiver,
# one delivery's own overhead, deliveries/s per function instance, publish and ingest p50.
# Args: [slow rounds=21] [instant batches=60]. Builds with `package` (never `install`: ~/.m2 is shared).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test -pl local -am
java=$(bin/java25)
exec "$java" --enable-native-access=ALL-UNNAMED \
  -cp "local/target/test-classes:local/target/classes:$(cat local/target/bench.classpath)" \
  dev.hookline.local.bench.DeliveryBatchBenchmark "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)|^\{"(time|_aws)"'
