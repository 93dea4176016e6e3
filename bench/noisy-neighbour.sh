#!/usr/bin/env bash
# Prints issue 10's noisy-neighbour figures (see NoisyNeighbourBenchmark): a fast endpoint's delivery latency,
# quiet and beside a slow/hung storm, side by side. Args: [rounds=3]
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec "$java" --enable-native-access=ALL-UNNAMED -cp "$bench_cp" \
  dev.hookline.local.bench.NoisyNeighbourBenchmark "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)|^\{"(time|_aws)"|^\[local\]'
