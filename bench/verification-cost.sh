#!/usr/bin/env bash
# Prints issue 10's verification-cost figures (see VerificationCostBenchmark): what a rejected request costs by
# how many signature candidates it carries. Args: [rounds=15]
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec "$java" -cp "$bench_cp" dev.hookline.local.bench.VerificationCostBenchmark "$@"
