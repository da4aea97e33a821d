#!/usr/bin/env bash
# `make test`: every stage, each timed, then a summary. CI runs it through .ci/run.
#
# setup-core (apt, uv, .venv/oldest and .venv/newest) and build first (a failure there stops the run:
# nothing after it can work), then two workers side by side, one per core, each in its own collection
# copy, each taking the next stage of STAGES below that nobody took yet and whose needs (NEEDS) are
# done, so that the two end together whatever the stages' times on this machine. STAGES is ordered
# longest first (the tools venv first: sanity, lint, release and docs need it); a stage that needs the
# tools waits only when nothing else is left. On a fresh machine one worker builds the tools venv and
# ansible-test's sanity venvs while the other already tests.
# A failing stage is recorded and the others still run, so one run shows every problem.
# Each stage's output goes to tests/output/stages/<stage>.log; the console gets one line when a
# stage starts and ends, and the last lines of the log of a stage that failed.
# Every stage has a deadline that only a hang reaches (STAGE_DEADLINE, 3000 s): CI allows 90 min.
# Usage: tests/scripts/test_all.sh            (TEST_LANES=N: N workers, default 2; 1: everything in order)
set -uo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT" || exit 1

MAKE="${MAKE:-make}"
# (seconds, 2026-11-30: integration newest 566 + 517 and oldest 125 in the last fresh run; measured since on a
# loaded machine: units newest ~165 with the new in-process scenario tests, sanity newest ~140, oldest ~140,
# roles ~100, docs 67, units oldest ~65, release ~35, lint ~40, awx 21; the sanity stages only wait for
# setup-tools, which ends long before a worker is free for them)
STAGES=(setup-tools integration-newest-a integration-newest-b units-newest sanity-newest sanity-oldest
        integration-oldest roles docs units-oldest release lint awx)
# stage -> the stage it needs finished first (passed or not: a stage that cannot work fails on its own)
declare -A NEEDS=([sanity-newest]=setup-tools [sanity-oldest]=setup-tools [lint]=setup-tools
                  [release]=setup-tools [docs]=setup-tools)
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

# worker [BUILD_ROOT]: runs the stages of STAGES nobody took yet (a stage is taken by making its claim
# directory, atomically), each once its need is done; ends when every stage is taken
worker() {
    local root="$1" stage dep picked left
    while true; do
        picked="" left=0
        for stage in "${STAGES[@]}"; do
            [[ -d "$LOGS/.claim-$stage" ]] && continue
            left=1
            dep="${NEEDS[$stage]:-}"
            [[ -z "$dep" || -f "$LOGS/$dep.result" ]] || continue
            if mkdir "$LOGS/.claim-$stage" 2>/dev/null; then
                picked="$stage"
                break
            fi
        done
        if [[ -n "$picked" ]]; then
            run_stage "$picked" "$root" || true
        elif ((left)); then
            sleep 1
        else
            return 0
        fi
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
    lanes="${TEST_LANES:-2}"
    [[ "$lanes" =~ ^[1-9]$ ]] || { echo "TEST_LANES must be 1-9, got $lanes"; lanes=2; }
    if ((lanes == 1)); then
        worker ""
    else
        # every worker after the first gets its own copy of the collection (ansible-test writes into the
        # copy it runs in)
        echo "stages ($lanes workers, each taking the next one free): ${STAGES[*]}"
        pids=()
        worker "" &
        pids+=($!)
        for ((lane = 2; lane <= lanes; lane++)); do
            worker "$REPO_ROOT/.build/lane$lane" &
            pids+=($!)
        done
        wait "${pids[@]}"
    fi
fi

echo "================================================================ summary"
passed=0 failed=0 skipped=0
for stage in setup-core build "${STAGES[@]}"; do
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
