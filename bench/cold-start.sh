#!/usr/bin/env bash
# Cold start per function: fresh JVMs started as Lambda starts them, on the deployment artifact(s) template.yaml points
# at, against the local engines (see ColdStartBenchmark). Args: [rounds=5] [artifact jar to use for every function].
# Builds with `package` (never `install`: ~/.m2 is shared with other checkouts).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test -pl local -am
java=$(bin/java25)
exec "$java" --enable-native-access=ALL-UNNAMED \
  -cp "local/target/test-classes:local/target/classes:$(cat local/target/bench.classpath)" \
  dev.hookline.local.bench.ColdStartBenchmark "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)|^\{"time"'
