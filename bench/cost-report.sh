#!/usr/bin/env bash
# The AWS bill per 1M events, per scenario, from a scripted workload through the local platform (see CostReport).
# Args: [events per scenario=200] [scenario: single|batch|fanout|stream|trigger|retry]. Prices: bench/prices-us-east-1.properties.
# Builds with `package` (never `install`: ~/.m2 is shared with other checkouts).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test -pl local -am
java=$(bin/java25)
exec "$java" --enable-native-access=ALL-UNNAMED \
  -cp "local/target/test-classes:local/target/classes:$(cat local/target/bench.classpath)" \
  dev.hookline.local.bench.CostReport "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)|^\{"(time|_aws)"|^\[local\]'
