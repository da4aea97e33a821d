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
log "units[$which_venv]: $("$venv/bin/python" --version 2>&1), ansible-core $("$venv/bin/python" -c 'import ansible.release as r; print(r.__version__)')"
rc=0
# default (prepend) import mode: tests may `from conftest import ...`; so test file base names
# must be unique across tests/unit (or their folders need an __init__.py)
"$venv/bin/python" -m pytest -p no:cacheprovider -q -ra tests/unit "$@" || rc=$?
if ((rc == 5)); then
    die "units[$which_venv]: pytest collected no tests although tests/unit has test files"
fi
exit "$rc"
