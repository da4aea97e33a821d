#!/usr/bin/env bash
# Idempotent test setup:
#   - Debian packages the tests need (only runs apt when something is missing)
#   - venvs .venv/oldest (py3.11, ansible-core 2.17.x), .venv/newest (py3.13, ansible-core 2.21.x),
#     .venv/tools (py3.13: ansible-lint, antsibull-*, ansible-builder, galaxy-importer)
#     each keyed on a stamp (sha256 of its requirements file + interpreter) so reruns are fast
#   - offline stand-ins for ansible-test's get-pip bootstrap script (see write_get_pip below)
# Usage: tests/scripts/setup.sh [oldest|newest|tools ...]   (default: all)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

# ---------------------------------------------------------------- Debian packages
# command -> Debian package providing it
declare -A APT_FOR=(
    [git]=git
    [make]=make
    [iptables]=iptables
    [iptables-save]=iptables
    [nft]=nftables
    [ip]=iproute2
    [unshare]=util-linux
    [curl]=curl
    # without it ansible-test skips its shellcheck sanity test with only a warning
    [shellcheck]=shellcheck
)

ensure_apt_packages() {
    local missing=() cmd pkg
    for cmd in "${!APT_FOR[@]}"; do
        if ! command -v "$cmd" >/dev/null 2>&1; then
            pkg="${APT_FOR[$cmd]}"
            [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} == 0)); then
        log "system packages: all present"
        return 0
    fi
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        log "WARNING: missing commands for packages: ${missing[*]} (not root or no apt-get; install them by hand)"
        return 0
    fi
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
}

# ---------------------------------------------------------------- venvs
# make_venv NAME REQFILE [EXTRA_REQFILE_TOLERATED]
make_venv() {
    local name="$1" req="$2" extra="${3:-}"
    local pyver py dir stamp want
    pyver="$(venv_python_version "$name")"
    py="$(find_python "$pyver")" || die "python$pyver not found (install it, e.g. with pyenv, under $PYENV_ROOT_DIR/versions)"
    dir="$(venv_dir "$name")"
    want="$( { "$py" -c 'import sys; print(sys.version)'; cat "$req"; [[ -n "$extra" ]] && cat "$extra"; echo "$py"; } | sha256sum | cut -d' ' -f1)"
    stamp="$dir/.stamp"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$dir/bin/python" ]]; then
        log "venv $name: up to date ($("$dir/bin/python" --version 2>&1))"
        return 0
    fi
    log "venv $name: creating with $py from ${req#"$REPO_ROOT"/}"
    rm -rf "$dir"
    "$py" -m venv "$dir"
    { "$dir/bin/python" -m pip install -q --upgrade pip 2>&1 | pip_quiet_filter; } || die "pip upgrade failed for venv $name"
    { "$dir/bin/python" -m pip install -q -r "$req" 2>&1 | pip_quiet_filter; } || die "pip install -r $req failed for venv $name"
    if [[ -n "$extra" ]]; then
        if "$dir/bin/python" -m pip install -q -r "$extra" > "$dir/extra-install.log" 2>&1; then
            log "venv $name: installed ${extra#"$REPO_ROOT"/}"
        else
            log "WARNING: venv $name: installing ${extra#"$REPO_ROOT"/} FAILED (tolerated; see $dir/extra-install.log):"
            pip_quiet_filter < "$dir/extra-install.log" | tail -n 15 >&2
        fi
    fi
    echo "$want" > "$stamp"
    log "venv $name: ready"
}

# ---------------------------------------------------------------- get-pip stand-ins
# ansible-test bootstraps pip into each venv it creates (--venv controller venv and one venv per
# sanity test) by running a "get-pip.py" it downloads from ci-files.testing.ansible.com, which this
# machine cannot reach.  It first looks for a cached copy at
#     ~/.ansible/test/cache/get_pip_<pip version with . -> _>.py
# (ansible_test/_util/target/setup/requirements.py: bootstrap()), where the pip version comes from
# get_venv_packages() in ansible_test/_internal/python_requirements.py:
#     ansible-core 2.17.x: pip 23.1.2 (+ setuptools 67.7.2, wheel 0.37.1 passed as packages)
#     ansible-core 2.21.x: pip 25.2
# The script is run through ansible-test's quiet_pip.py with GET_PIP pointing at it and argv like
#     --disable-pip-version-check pip==X [setuptools==Y wheel==Z] [--no-setuptools --no-wheel]
# Our stand-in bootstraps pip with the stdlib's ensurepip, then pip-installs exactly what was asked
# (so the pinned pip version ansible-test wants ends up in the venv) from PyPI.
# The versions are read from each installed ansible-test, so bumping ansible-core needs no edit here.
GET_PIP_STANDIN='"""Offline stand-in for get-pip.py (written by tests/scripts/setup.sh of csops.cloudstack).

Bootstraps pip with the standard library ensurepip, then installs the packages ansible-test asked
for (pip==<its pinned version>, ...) from the package index.
"""
import ensurepip
import os
import subprocess
import sys

ensurepip.bootstrap(upgrade=True)
# ensurepip points PIP_CONFIG_FILE at os.devnull; the machine pip configuration is needed.
os.environ.pop("PIP_CONFIG_FILE", None)
args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
if any(not a.startswith("-") for a in args):
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check"] + args)
'

write_get_pip() {
    local name="$1" dir req_py ver f
    dir="$(venv_dir "$name")"
    local found=("$dir"/lib/python3*/site-packages/ansible_test/_internal/python_requirements.py)
    req_py="${found[0]}"
    [[ -f "$req_py" ]] || die "ansible-test not found in venv $name"
    # every pip='X.Y' in get_venv_packages() (defaults and per-Python overrides)
    mapfile -t vers < <(grep -oE "pip='[0-9][0-9a-z.]*'" "$req_py" | sed -E "s/pip='(.*)'/\1/" | sort -u)
    ((${#vers[@]} > 0)) || die "could not find the pip version in $req_py"
    mkdir -p "$HOME/.ansible/test/cache"
    for ver in "${vers[@]}"; do
        f="$HOME/.ansible/test/cache/get_pip_${ver//./_}.py"
        if [[ -f "$f" ]] && printf "%s" "$GET_PIP_STANDIN" | cmp -s - "$f"; then
            log "get-pip stand-in for pip $ver (venv $name): present"
        else
            printf '%s' "$GET_PIP_STANDIN" > "$f"
            log "get-pip stand-in for pip $ver (venv $name): written to $f"
        fi
        rm -f "$f.download"
    done
}

main() {
    local names=("$@")
    ((${#names[@]})) || names=(oldest newest tools)
    ensure_apt_packages
    local n
    for n in "${names[@]}"; do
        case "$n" in
            oldest) make_venv oldest "$REPO_ROOT/tests/requirements-oldest.txt"; write_get_pip oldest ;;
            newest) make_venv newest "$REPO_ROOT/tests/requirements-newest.txt"; write_get_pip newest ;;
            tools) make_venv tools "$REPO_ROOT/tests/requirements-tools.txt" "$REPO_ROOT/tests/requirements-tools-importer.txt" ;;
            *) die "unknown venv $n" ;;
        esac
    done
}

main "$@"
