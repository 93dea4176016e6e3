#!/usr/bin/env bash
# Cold start per function: fresh JVMs started as Lambda starts them, on the deployment artifact(s) template.yaml points
# at, against the local engines (see ColdStartBenchmark). Args: [rounds=5] [artifact jar to use for every function].
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec "$java" --enable-native-access=ALL-UNNAMED \
  -cp "$bench_cp" \
  dev.hookline.local.bench.ColdStartBenchmark "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)|^\{"time"'
