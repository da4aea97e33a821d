#!/usr/bin/env bash
# Runs every tests/roles/*/run.sh (role tests that need real system tools, e.g. iptables in
# network namespaces) with the newest venv's bin first on PATH and
# CSOPS_COLLECTIONS_PATH pointing at the collection copy in .build/.
# Usage: tests/scripts/roles.sh [role ...]   (default: all)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_venv newest
[[ -d "$COLL_COPY" ]] || die "no collection copy: run tests/scripts/build_copy.sh (make build) first"
PATH="$(venv_dir newest)/bin:$PATH:/usr/local/sbin:/usr/sbin:/sbin"
export PATH
export CSOPS_COLLECTIONS_PATH="$BUILD_ROOT"

cd "$REPO_ROOT"
if (($#)); then
    scripts=()
    for r in "$@"; do scripts+=("tests/roles/$r/run.sh"); done
else
    shopt -s nullglob
    scripts=(tests/roles/*/run.sh)
fi
if ((${#scripts[@]} == 0)); then
    log "roles: no tests/roles/*/run.sh, nothing to run"
    exit 0
fi

passed=0 failed=0 failed_names=()
for s in "${scripts[@]}"; do
    name="$(basename "$(dirname "$s")")"
    [[ -f "$s" ]] || die "no such role test: $s"
    log "roles: $name"
    start=$(date +%s)
    if bash "$s" </dev/null; then
        passed=$((passed + 1))
        log "roles: $name passed in $(($(date +%s) - start))s"
    else
        failed=$((failed + 1)); failed_names+=("$name")
        log "roles: $name FAILED in $(($(date +%s) - start))s"
    fi
done
log "roles: $passed role test(s) passed, $failed failed${failed_names[*]:+ (${failed_names[*]})}"
((failed == 0))
