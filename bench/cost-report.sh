#!/usr/bin/env bash
# The AWS bill per 1M events, per scenario, from a scripted workload through the local platform (see CostReport).
# Args: [events per scenario=200] [scenario: single|batch|fanout|stream|trigger|retry]. Prices: bench/prices-us-east-1.properties.
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec "$java" --enable-native-access=ALL-UNNAMED \
  -cp "$bench_cp" \
  dev.hookline.local.bench.CostReport "$@" 2>&1 | grep --line-buffered -v -E '^(WARNING|SLF4J)|^\{"(time|_aws)"|^\[local\]'
