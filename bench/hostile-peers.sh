#!/usr/bin/env bash
# Prints issue 10's hostile-peer figures (see HostilePeersBenchmark): memory a hostile receiver or sender costs the
# local platform, slow-header connections, signature floods through the gateway. Heap capped at 1 GB, as a function's.
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec "$java" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$bench_cp" \
  dev.hookline.local.bench.HostilePeersBenchmark "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)|^\{"(time|_aws)"|^\[local\]'
