#!/usr/bin/env bash
# `make test`: every stage in order, each stage's duration, then a summary line.
# A failing setup or build stops the run (nothing after it can work); any other failing stage is
# recorded and the remaining stages still run, so one CI run shows every problem.
set -uo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT" || exit 1

MAKE="${MAKE:-make}"
stages=(setup build sanity units integration roles lint release)
passed=0 failed=0
summary=()
total_start=$(date +%s)
for stage in "${stages[@]}"; do
    echo "================================================================ stage: $stage"
    start=$(date +%s)
    if "$MAKE" -k --no-print-directory "$stage"; then
        result=passed; passed=$((passed + 1))
    else
        result=FAILED; failed=$((failed + 1))
    fi
    secs=$(($(date +%s) - start))
    summary+=("$(printf '%-12s %-7s %5ss' "$stage" "$result" "$secs")")
    echo "---------------------------------------------------------------- stage $stage: $result in ${secs}s"
    if [[ $result == FAILED && ( $stage == setup || $stage == build ) ]]; then
        echo "stage $stage failed: stopping" >&2
        break
    fi
done
skipped=$((${#stages[@]} - passed - failed))
echo "================================================================ summary"
printf '%s\n' "${summary[@]}"
echo "total        $(($(date +%s) - total_start))s"
if ((skipped)); then
    echo "stages: $passed passed, $failed failed, $skipped skipped"
else
    echo "stages: $passed passed, $failed failed"
fi
((failed == 0 && skipped == 0))
