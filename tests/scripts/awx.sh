#!/usr/bin/env bash
# `make awx`: an AWX / Automation Controller job for real, through ansible-runner (the engine AWX
# runs jobs with), against the emulator: tests/awx/run_job.py. The collection comes from a tarball
# built from the collection copy (as `make release` builds it), not from Galaxy.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=emulator_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/emulator_lib.sh"

require_venv newest
[[ -d "$COLL_COPY" ]] || die "no collection copy: run tests/scripts/build_copy.sh (make build) first"
venv="$(venv_dir newest)"
"$venv/bin/python" -c 'import ansible_runner' 2>/dev/null \
    || die "ansible-runner is not in .venv/newest: run make setup (tests/requirements-newest.txt lists it)"
export PATH="$venv/bin:$PATH"
export ANSIBLE_HOME="$BUILD_ROOT/.ansible-awx-home"

dist="$BUILD_ROOT/awx-dist"
rm -rf "$dist"
mkdir -p "$dist"
(cd "$COLL_COPY" && ansible-galaxy collection build --output-path "$dist" . >/dev/null)
tarball="$(ls "$dist"/csops-cloudstack-*.tar.gz)"

trap stop_emulator_and_report EXIT
trap 'exit 130' INT TERM
# a distinctive secret key, so that the scan of the job's output can look for it
start_emulator "$venv/bin/python" --secret-key "awx-secret-$RANDOM$RANDOM-key"
log "awx: ansible-runner $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("ansible-runner"))'), job from $(basename "$tarball")"
with_deadline 1800 "awx (the ansible-runner job)" "$venv/bin/python" "$REPO_ROOT/tests/awx/run_job.py" "$tarball" "$BUILD_ROOT/awx-job"
