#!/usr/bin/env bash
# Sourced by the bench scripts: builds the reactor (tests compiled, not run; nothing installed into ~/.m2, so
# checkouts side by side never run each other's jars) and sets $bench_cp and $java.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
deps=local/target/bench-test.classpath
mvn -q -B -DskipTests -pl local -am package dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$deps" -Dmdep.includeScope=test
bench_cp="local/target/test-classes:local/target/classes:$(cat "$deps")"
java=$(bin/java25)
