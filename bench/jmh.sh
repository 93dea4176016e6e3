#!/usr/bin/env bash
# JMH: Hookline's verify, sign, URL guard and record parsing, beside the Standard Webhooks library and stripe-java on
# the same inputs. Prints each benchmark's median over rounds (every benchmark once per round, interleaved) and
# Hookline's ratio to each library, paired per round: on a shared machine the ratio is the figure to quote.
# Args: [rounds=5] [regex, e.g. Verify]. `bench/jmh.sh --jmh ARGS…` runs JMH's own runner with ARGS instead.
# Builds with `package` (never `install`: ~/.m2 is shared with other checkouts).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=runtime -pl bench/jmh -am
java=$(bin/java25)
cp="bench/jmh/target/classes:$(cat bench/jmh/target/bench.classpath)"
if [ "${1:-}" = "--jmh" ]; then
  shift
  exec "$java" -cp "$cp" org.openjdk.jmh.Main "$@"
fi
exec "$java" -cp "$cp" dev.hookline.bench.SideBySide "$@"
