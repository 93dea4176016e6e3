#!/usr/bin/env bash
# Prints issue 9's ingest figure (see IngestBatchBenchmark): the answer time of a 10,000-record array.
# Args: [rounds=11]. Builds in the reactor and installs nothing (the classpath names this checkout's own classes).
set -euo pipefail
cd "$(dirname "$0")/.."
cp=local/target/bench-ingest.classpath
mvn -q -B -DskipTests -pl local -am package dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp" -Dmdep.includeScope=test
java=$(bin/java25)
exec "$java" --enable-native-access=ALL-UNNAMED \
  -cp "local/target/test-classes:local/target/classes:$(cat "$cp")" \
  dev.hookline.local.bench.IngestBatchBenchmark "$@" 2>&1 | sed -n 's/^RESULT //p'
