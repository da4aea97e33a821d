#!/usr/bin/env bash
# ansible-test sanity (all tests, no ignore entries) in the collection copy.
# Usage: tests/scripts/sanity.sh <oldest|newest> [extra ansible-test sanity args, e.g. --test pep8]
#
# --venv (not --local): ansible-test then builds one venv per sanity test with exactly the
# requirements it pins (pylint, yamllint, voluptuous, ...), so results do not depend on what is in
# our own venvs. ansible-test keeps those venvs under ~/.ansible/test/venv; the harness runs it with
# HOME=.venv/ansible-test-home, where `make setup` built them once (setup.sh prime_sanity), so a
# fresh clone pays for them in setup, in parallel, and never again. Their pip bootstrap needs the
# offline get-pip stand-in that tests/scripts/setup.sh writes.
# (--docker is impossible here: no container registry is reachable.)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

which_venv="${1:-}"
[[ "$which_venv" == oldest || "$which_venv" == newest ]] || die "usage: $0 <oldest|newest> [ansible-test args]"
shift
require_venv "$which_venv"
[[ -d "$COLL_COPY" ]] || die "no collection copy: run tests/scripts/build_copy.sh (make build) first"

venv="$(venv_dir "$which_venv")"
pyver="$(venv_python_version "$which_venv")"
export PATH="$venv/bin:$PATH:/usr/sbin:/sbin"

cd "$COLL_COPY"
rm -rf tests/output
log "sanity[$which_venv]: ansible-core $("$venv/bin/python" -c 'import ansible.release as r; print(r.__version__)'), python $pyver"
# (the filter only drops pip's notes about this machine's empty local package indexes)
home="$(ansible_test_home "$which_venv")"
[[ "$home" == "$HOME" ]] && log "sanity[$which_venv]: sanity venvs not primed in .venv (make setup): ansible-test uses ~/.ansible"
HOME="$home" with_deadline 2700 "sanity[$which_venv] (ansible-test sanity)" \
    ansible-test sanity --venv --python "$pyver" --color no "$@" 2>&1 | pip_quiet_filter
log "sanity[$which_venv]: passed"
