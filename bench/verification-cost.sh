#!/usr/bin/env bash
# Prints issue 10's verification-cost figures (see VerificationCostBenchmark): what a rejected request costs by
# how many signature candidates it carries. Args: [rounds=15]. Builds in the reactor; installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
cp=local/target/bench-test.classpath
mvn -q -B -DskipTests -pl local -am package dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp" -Dmdep.includeScope=test
java=$(bin/java25)
exec "$java" -cp "local/target/test-classes:local/target/classes:$(cat "$cp")" \
  dev.hookline.local.bench.VerificationCostBenchmark "$@"
