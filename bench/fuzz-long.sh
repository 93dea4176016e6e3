#!/usr/bin/env bash
# Fuzzes each Jazzer target for real (coverage-guided, libFuzzer under Jazzer) for the 1,000,000 executions its
# @FuzzTest(maxExecutions) asks for (at most 30 minutes), and prints executions, seconds and findings per target.
# (Jazzer's JUnit runner takes the budget from the annotation; a -runs= property is not honoured.)
# A finding stops its target; Jazzer saves the input under core/src/test/resources/dev/hookline/core/fuzz/<Test>Inputs/
# <method>/, where the unit-test run then replays it as a regression input. Installs nothing.
# Usage: bench/fuzz-long.sh [Test#method ...]
set -uo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(RecordParserFuzzTest#records TimestampsFuzzTest#normalize VerificationFuzzTest#verify
           UrlGuardFuzzTest#check ApiBodyFuzzTest#decode)
fi
mvn -q -B -o -pl core test-compile >/dev/null || mvn -q -B -pl core test-compile
mkdir -p core/target/fuzz
printf '%-36s %12s %9s %9s  %s\n' target executions seconds findings result
for t in "${targets[@]}"; do
  log="core/target/fuzz/${t/\#/.}.log"
  start=$(date +%s)
  JAZZER_FUZZ=1 mvn -B -o -pl core test -Dtest="dev.hookline.core.fuzz.$t" \
      -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  # libFuzzer's last status line: "#1000000	DONE ..." (or the last "#N" it printed before a finding).
  execs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  findings=$(grep -acE '== Java Exception|FuzzTestFindingException|Fuzz test finding' "$log")
  result=$([ $rc -eq 0 ] && echo ok || echo "FAILED (see $log)")
  printf '%-36s %12s %9s %9s  %s\n' "$t" "${execs:-?}" "$secs" "$findings" "$result"
done
