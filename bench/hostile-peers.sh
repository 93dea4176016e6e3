#!/usr/bin/env bash
# Prints issue 10's hostile-peer figures (see HostilePeersBenchmark): memory a hostile receiver or sender costs the
# local platform, slow-header connections, signature floods through the gateway. Builds in the reactor; installs
# nothing into ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."
cp=local/target/bench-test.classpath
mvn -q -B -DskipTests -pl local -am package dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp" -Dmdep.includeScope=test
java=$(bin/java25)
exec "$java" --enable-native-access=ALL-UNNAMED -Xmx1g \
  -cp "local/target/test-classes:local/target/classes:$(cat "$cp")" \
  dev.hookline.local.bench.HostilePeersBenchmark "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)|^\{"(time|_aws)"|^\[local\]'
