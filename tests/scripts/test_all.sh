#!/usr/bin/env bash
# `make test`: every stage, each timed, then a summary. CI runs it through .ci/run.
#
# setup-core (apt, .venv/oldest and .venv/newest) and build first (a failure there stops the run:
# nothing after it can work), then two lanes side by side, one per core, each running its stages one
# after the other in its own collection copy:
#   lane 1: LANE1 below (the tools and docs venvs and ansible-test's sanity venvs, sanity on both
#           ansible-core versions, lint, release, docs, the role tests, half of the newest
#           integration targets)
#   lane 2: LANE2 below (units on both versions, the emulator's own tests once; the other half of
#           the newest integration targets, the oldest's, the AWX job)
# The stages outside the newest integration targets take about as long in each lane, and the two
# halves of those targets are balanced by their last times (tests/integration/target_seconds.txt),
# so that the lanes end together.
# On a fresh machine lane 1 builds its venvs while lane 2 already tests.
# A failing stage is recorded and the others still run, so one run shows every problem.
# Each stage's output goes to tests/output/stages/<stage>.log; the console gets one line when a
# stage starts and ends, and the last lines of the log of a stage that failed.
# Every stage has a deadline that only a hang reaches (STAGE_DEADLINE, 3000 s): CI allows 90 min.
# Usage: tests/scripts/test_all.sh            (TEST_LANES=1: everything in one lane, in order)
set -uo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT" || exit 1

MAKE="${MAKE:-make}"
LANE1=(setup-tools sanity-newest sanity-oldest lint release docs roles integration-newest-b)
LANE2=(units-newest units-oldest integration-newest-a integration-oldest awx)
STAGE_DEADLINE="${STAGE_DEADLINE:-3000}"
LOGS="$REPO_ROOT/tests/output/stages"
rm -rf "$LOGS"
mkdir -p "$LOGS"
total_start=$SECONDS

# run_stage STAGE [BUILD_ROOT]: one stage, its log in $LOGS/STAGE.log; writes $LOGS/STAGE.result
run_stage() {
    local stage="$1" root="${2:-}" start=$SECONDS rc=0 result
    log "stage $stage: started"
    if [[ -n "$root" ]]; then
        CSOPS_BUILD_ROOT="$root" with_deadline "$STAGE_DEADLINE" "stage $stage" \
            "$MAKE" -k --no-print-directory "$stage" >"$LOGS/$stage.log" 2>&1 </dev/null || rc=$?
    else
        with_deadline "$STAGE_DEADLINE" "stage $stage" \
            "$MAKE" -k --no-print-directory "$stage" >"$LOGS/$stage.log" 2>&1 </dev/null || rc=$?
    fi
    if ((rc == 124 || rc == 137)); then
        echo "stage $stage: stopped after ${STAGE_DEADLINE}s (STAGE_DEADLINE): it hung" >>"$LOGS/$stage.log"
    fi
    result=$([[ $rc -eq 0 ]] && echo passed || echo FAILED)
    printf '%-20s %-7s %5ss\n' "$stage" "$result" "$((SECONDS - start))" >"$LOGS/$stage.result"
    log "stage $stage: $result in $((SECONDS - start))s"
    if ((rc != 0)); then
        echo "---------------------------------------------------------------- $stage: last 60 lines of tests/output/stages/$stage.log"
        tail -n 60 "$LOGS/$stage.log"
        echo "----------------------------------------------------------------"
    fi
    return "$rc"
}

run_lane() {
    local root="$1" stage
    shift
    for stage in "$@"; do
        run_stage "$stage" "$root" || true
    done
}

echo "================================================================ make test"
stopped=""
for stage in setup-core build; do
    if ! run_stage "$stage"; then
        stopped=$stage
        break
    fi
done
if [[ -z "$stopped" ]]; then
    if [[ "${TEST_LANES:-2}" == 1 ]]; then
        run_lane "" "${LANE1[@]}" "${LANE2[@]}"
    else
        # lane 2 gets its own copy of the collection (ansible-test writes into the copy it runs in)
        lane2_root="$REPO_ROOT/.build/lane2"
        echo "lanes: 1) ${LANE1[*]}   2) ${LANE2[*]}"
        run_lane "" "${LANE1[@]}" &
        lane1=$!
        run_lane "$lane2_root" "${LANE2[@]}" &
        lane2=$!
        wait "$lane1" "$lane2"
    fi
fi

echo "================================================================ summary"
passed=0 failed=0 skipped=0
for stage in setup-core build "${LANE1[@]}" "${LANE2[@]}"; do
    if [[ -f "$LOGS/$stage.result" ]]; then
        cat "$LOGS/$stage.result"
        if grep -q passed "$LOGS/$stage.result"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    else
        printf '%-20s %-7s\n' "$stage" skipped
        skipped=$((skipped + 1))
    fi
done
echo "total                        $((SECONDS - total_start))s"
echo "stages: $passed passed, $failed failed${skipped:+, $skipped skipped}" | sed 's/, 0 skipped//'
((failed == 0 && skipped == 0))
