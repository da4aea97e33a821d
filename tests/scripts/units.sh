#!/usr/bin/env bash
# pytest over tests/unit of the collection copy.
# Usage: tests/scripts/units.sh <oldest|newest> [pytest args]
# PYTHONPATH: .build (ansible_collections.csops.cloudstack...) and the copy's tests/emulator
# (so tests/unit/emulator can import the emulator package).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

which_venv="${1:-}"
[[ "$which_venv" == oldest || "$which_venv" == newest ]] || die "usage: $0 <oldest|newest> [pytest args]"
shift
require_venv "$which_venv"
[[ -d "$COLL_COPY" ]] || die "no collection copy: run tests/scripts/build_copy.sh (make build) first"
venv="$(venv_dir "$which_venv")"

cd "$COLL_COPY"
if [[ ! -d tests/unit ]] || [[ -z "$(find tests/unit -name 'test_*.py' -o -name '*_test.py' | head -n1)" ]]; then
    log "units[$which_venv]: no test files under tests/unit, nothing to run"
    exit 0
fi

export PYTHONPATH="$BUILD_ROOT:$COLL_COPY/tests/emulator${PYTHONPATH:+:$PYTHONPATH}"
# CloudMonkey 5.3.3.1 (Python 2 code, run unmodified) for tests/unit/emulator/test_client_cloudmonkey.py:
# built once under .venv/cloudmonkey when a Python 2.7 exists (pyenv's, or CSEMU_PYTHON2); the newest
# lane only, so that two lanes never build it at once. Without Python 2.7 that session is skipped.
if [[ "$which_venv" == newest && -z "${CSEMU_CLOUDMONKEY:-}" ]]; then
    cm_dir="$(venv_dir cloudmonkey)"
    # setup.sh may still be building it in the background (under this lock)
    [[ -f "$cm_dir.lock" ]] && { flock -w 900 "$cm_dir.lock" true || true; }
    if [[ -x "$cm_dir/cloudmonkey" ]] \
        || with_deadline 900 "units: CloudMonkey set-up" bash "$REPO_ROOT/tests/emulator/tools/cloudmonkey_env.sh" "$cm_dir" \
            >"$cm_dir.setup.log" 2>&1; then
        export CSEMU_CLOUDMONKEY="$cm_dir/cloudmonkey"
        log "units[$which_venv]: CloudMonkey session with $CSEMU_CLOUDMONKEY"
    else
        rm -rf "$cm_dir"
        log "units[$which_venv]: no CloudMonkey (needs Python 2.7; see $cm_dir.setup.log): its session is skipped"
    fi
fi
log "units[$which_venv]: $("$venv/bin/python" --version 2>&1), ansible-core $("$venv/bin/python" -c 'import ansible.release as r; print(r.__version__)')"
rc=0
# default (prepend) import mode: tests may `from conftest import ...`; so test file base names
# must be unique across tests/unit (or their folders need an __init__.py)
# The emulator's own tests (tests/unit/emulator) import nothing of Ansible, so they run once, with the
# newest venv; the oldest runs the collection's tests (tests/unit/plugins) on its ansible-core. The
# emulator still runs on the oldest's Python in the oldest integration pass. UNITS_ALL=1: everything.
# Arguments naming a test path (tests/..., a file, a dir, file::test) replace the default paths: with
# `units.sh newest tests/unit/emulator/test_xml.py` only that file runs (options alone keep the defaults).
paths=(tests/unit)
if [[ "$which_venv" == oldest && -z "${UNITS_ALL:-}" ]]; then
    paths=(tests/unit/plugins)
fi
for arg in "$@"; do
    if [[ "$arg" != -* && ( "$arg" == tests/* || -e "${arg%%::*}" ) ]]; then
        paths=()
        break
    fi
done
if [[ "$which_venv" == oldest && ${#paths[@]} -gt 0 && "${paths[0]}" == tests/unit/plugins ]]; then
    log "units[$which_venv]: tests/unit/plugins (the emulator's tests run with the newest venv)"
fi
# --durations: the slowest tests, to see where the time of `make test` goes
"$venv/bin/python" -m pytest -p no:cacheprovider -q -ra --durations=12 ${paths[@]+"${paths[@]}"} "$@" || rc=$?
if ((rc == 5)); then
    die "units[$which_venv]: pytest collected no tests although tests/unit has test files"
fi
exit "$rc"
