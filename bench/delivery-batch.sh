#!/usr/bin/env bash
# Delivery and answer-time figures side by side (see DeliveryBatchBenchmark): a batch of 10 to a 200 ms receiver,
# one delivery's own overhead, deliveries/s per function instance, publish and ingest p50.
# Args: [slow rounds=21] [instant batches=60].
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec "$java" --enable-native-access=ALL-UNNAMED \
  -cp "$bench_cp" \
  dev.hookline.local.bench.DeliveryBatchBenchmark "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)|^\{"(time|_aws)"'
