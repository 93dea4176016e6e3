#!/usr/bin/env bash
# Prints issue 14's pull latency (publish -> local app through `hookline listen`), beside push (see
# PullLatencyBenchmark). Args: [events per path = 30].
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec "$java" --enable-native-access=ALL-UNNAMED -cp "$bench_cp" \
  dev.hookline.local.bench.PullLatencyBenchmark "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)|^\{"(time|_aws)"'
