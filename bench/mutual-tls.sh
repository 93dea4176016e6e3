#!/usr/bin/env bash
# Prints issue 11's mutual TLS figure (see MutualTlsBenchmark): one delivery on a fresh loopback TLS connection with
# and without a client certificate (EC and RSA), and on a reused one.
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec "$java" -cp "$bench_cp" dev.hookline.local.bench.MutualTlsBenchmark "$@" 2>&1 | grep -v -E '^(WARNING|SLF4J)'
