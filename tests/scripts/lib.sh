# Shared helpers for tests/scripts/*.sh (sourced, not run).
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT
# CSOPS_BUILD_ROOT: another place for the collection copy (make test runs two lanes, each with its own)
export BUILD_ROOT="${CSOPS_BUILD_ROOT:-$REPO_ROOT/.build}"
export COLL_COPY="$BUILD_ROOT/ansible_collections/csops/cloudstack"
VENV_ROOT="$REPO_ROOT/.venv"
PYENV_ROOT_DIR="${PYENV_ROOT:-$( (pyenv root 2>/dev/null) || echo "$HOME/.pyenv")}"
# ansible-test keeps its sanity venvs under ~/.ansible/test/venv; the harness gives it this home
# instead (made and primed by tests/scripts/setup.sh), so they live in .venv/ like the others.
ANSIBLE_TEST_HOME="$VENV_ROOT/ansible-test-home"

export ANSIBLE_NOCOLOR="${ANSIBLE_NOCOLOR:-1}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PYTHONDONTWRITEBYTECODE=1

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# find_python 3.13 -> path of a python3.13 interpreter
find_python() {
    local ver="$1" cand
    for cand in "$PYENV_ROOT_DIR"/versions/"$ver".*/bin/python"$ver" "$(command -v "python$ver" 2>/dev/null)"; do
        if [[ -n "$cand" && -x "$cand" ]] && "$cand" -c 'import sys' 2>/dev/null; then
            # skip pyenv shims that are not really usable
            echo "$cand"
            return 0
        fi
    done
    return 1
}

# venv name -> python version used for it
venv_python_version() {
    case "$1" in
        oldest) echo 3.11 ;;
        newest) echo 3.13 ;;
        tools|docs|demo) echo 3.13 ;;
        *) die "unknown venv '$1' (oldest|newest|tools|docs|demo)" ;;
    esac
}

venv_dir() { echo "$VENV_ROOT/$1"; }

require_venv() {
    local v
    v="$(venv_dir "$1")"
    [[ -x "$v/bin/python" && -f "$v/.stamp" ]] || die "venv $v missing: run 'make setup' first"
}

# pip output filter: drop the noise about this machine's empty local indexes
# (--line-buffered: a stage's log shows each line when it is printed, not when grep's buffer fills)
pip_quiet_filter() { grep --line-buffered -v "^WARNING: Location 'file:" || true; }

# pkg_versions PYTHON DIST...: "dist version, ..." of the distributions installed for that interpreter, read from
# their metadata (a tool's own --version imports all of it: ansible-lint --version cost ~1 CPU-second)
pkg_versions() {
    local py="$1"
    shift
    "$py" -c 'import importlib.metadata as m, sys; print(", ".join("%s %s" % (d, m.version(d)) for d in sys.argv[1:]))' "$@" 2>/dev/null \
        || echo "versions unknown"
}

# run "$@" and report elapsed seconds under label $1
timed() {
    local label="$1"; shift
    local start end rc=0
    start=$(date +%s)
    "$@" || rc=$?
    end=$(date +%s)
    log "$label took $((end - start))s (rc=$rc)"
    return "$rc"
}

# ansible_test_home <oldest|newest>: the HOME to give ansible-test: .venv/ansible-test-home once setup
# primed the sanity venvs there for that ansible-core, the real HOME before (older checkouts' setup).
ansible_test_home() {
    if [[ -f "$ANSIBLE_TEST_HOME/.primed-$1" ]]; then echo "$ANSIBLE_TEST_HOME"; else echo "$HOME"; fi
}

# with_deadline SECONDS LABEL CMD...: run CMD; if it is still running after SECONDS, stop it and say
# that LABEL hung (a guard against hangs only: generous, never meant to fail a slow but correct run)
with_deadline() {
    local secs="$1" label="$2" rc=0
    shift 2
    timeout --kill-after=30 "$secs" "$@" || rc=$?
    if ((rc == 124 || rc == 137)); then
        log "ERROR: $label did not finish within ${secs}s: stopped (a hang, or a machine far slower than expected)"
    fi
    return "$rc"
}

# every script reports its duration and exit status when it ends
_HARNESS_START=$SECONDS
_HARNESS_ARGS="$*"
harness_report() {
    local rc="${1:-$?}"
    log "$(basename "$0")${_HARNESS_ARGS:+ $_HARNESS_ARGS}: $([[ $rc -eq 0 ]] && echo ok || echo "FAILED (exit $rc)") in $((SECONDS - _HARNESS_START))s"
    return "$rc"
}
trap harness_report EXIT
