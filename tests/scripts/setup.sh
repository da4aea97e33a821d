#!/usr/bin/env bash
# Idempotent test setup:
#   - Debian packages the tests need (only runs apt when something is missing; not for the demo)
#   - venvs, each keyed on a stamp (sha256 of its requirements file + interpreter) so reruns are fast:
#     .venv/oldest (py3.11, ansible-core 2.17.x), .venv/newest (py3.13, ansible-core 2.21.x, ansible-runner),
#     .venv/tools (py3.13: ansible-lint, antsibull-*, ansible-builder, galaxy-importer),
#     .venv/docs (py3.13: antsibull-docs, Sphinx), .venv/demo (py3.13: ansible-core only)
#     built two at a time (2 cores), each one's pip output in .venv/<name>.setup.log
#   - offline stand-ins for ansible-test's get-pip bootstrap script (see write_get_pip below)
#   - `sanity`: ansible-test's sanity venvs for both ansible-core versions, built once (in parallel)
#     under .venv/ansible-test-home (the HOME the harness gives ansible-test) and reused by every run
# Usage: tests/scripts/setup.sh [oldest|newest|tools|docs|demo|sanity ...]
#   (default: everything but demo; `make demo` runs `setup.sh demo` alone)
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
    # the docs check loads the built site in a real browser
    [chromium]=chromium
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

# ---------------------------------------------------------------- uv
# uv (tests/requirements-uv.txt) builds the venvs: a fresh setup takes seconds instead of minutes.
# It lives in .venv/uv (pip --target with the interpreter's own pip: nothing in HOME), its cache in
# .venv/uv-cache (same file system as the venvs, so uv hard-links the files). Without it, pip.
UV=""
export UV_CACHE_DIR="${UV_CACHE_DIR:-$VENV_ROOT/uv-cache}"
# the pyenv interpreters only, never one downloaded by uv
export UV_PYTHON_DOWNLOADS=never
# the machine's CA store (and SSL_CERT_FILE when set), as pip uses, not only uv's built-in roots
export UV_SYSTEM_CERTS=1
# .pyc files at install time, as pip writes them: the harness runs everything with
# PYTHONDONTWRITEBYTECODE=1 (lib.sh), so without them every process would compile ansible again
# (measured for the tools and docs venvs: leaving their .pyc to the stages, written once under a
# PYTHONPYCACHEPREFIX, saved ~25 CPU-seconds of setup-tools and cost ~24 in lint, release and docs,
# which import nearly all of those venvs). ansible-test's sanity venvs: see uv_sanity_venvs.py.
export UV_COMPILE_BYTECODE=1
ensure_uv() {
    local req="$REPO_ROOT/tests/requirements-uv.txt" dir="$VENV_ROOT/uv" want py
    if [[ -n "${CSOPS_NO_UV:-}" ]]; then
        log "uv: not used (CSOPS_NO_UV): venvs are built with pip"
        return 0
    fi
    want="$(sha256sum < "$req" | cut -d' ' -f1)"
    if [[ -f "$dir/.stamp" && "$(cat "$dir/.stamp")" == "$want" && -x "$dir/bin/uv" ]]; then
        UV="$dir/bin/uv"
        return 0
    fi
    py="$(find_python 3.13 || find_python 3.11)" || { log "uv: no python3.13/3.11 to install it with: venvs are built with pip"; return 0; }
    rm -rf "$dir"
    if "$py" -m pip install -q --disable-pip-version-check --root-user-action=ignore --no-warn-script-location \
            --target "$dir" -r "$req" > "$dir.setup.log" 2>&1 && "$dir/bin/uv" --version >> "$dir.setup.log" 2>&1; then
        echo "$want" > "$dir/.stamp"
        UV="$dir/bin/uv"
        log "uv: $("$UV" --version) in .venv/uv"
    else
        pip_quiet_filter < "$dir.setup.log" | tail -n 10 >&2
        log "WARNING: uv could not be installed (log: $dir.setup.log): venvs are built with pip"
        rm -rf "$dir"
    fi
}

# ---------------------------------------------------------------- venvs
# install_reqs NAME DIR REQFILE LOG: the requirements into the venv, with uv or pip
install_reqs() {
    local dir="$2" req="$3" out="$4"
    if [[ -n "$UV" ]]; then
        "$UV" pip install -q --python "$dir/bin/python" -r "$req" >> "$out" 2>&1
    else
        "$dir/bin/python" -m pip install -q -r "$req" >> "$out" 2>&1
    fi
}

# make_venv NAME REQFILE [EXTRA_REQFILE_TOLERATED]
# (the stamp does not depend on uv vs pip: a venv built either way is up to date)
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
    log "venv $name: creating with $py from ${req#"$REPO_ROOT"/}${UV:+ (uv)}"
    rm -rf "$dir"
    local start=$SECONDS
    if [[ -n "$UV" ]]; then
        # --seed: pip in the venv, as `python -m venv` gives
        "$UV" venv -q --seed --python "$py" "$dir" > "$dir.setup.log" 2>&1 \
            || { tail -n 20 "$dir.setup.log" >&2; die "uv venv failed for venv $name (log: $dir.setup.log)"; }
    else
        "$py" -m venv "$dir"
        "$dir/bin/python" -m pip install -q --upgrade pip > "$dir.setup.log" 2>&1 \
            || { pip_quiet_filter < "$dir.setup.log" | tail -n 20 >&2; die "pip upgrade failed for venv $name (log: $dir.setup.log)"; }
    fi
    install_reqs "$name" "$dir" "$req" "$dir.setup.log" \
        || { pip_quiet_filter < "$dir.setup.log" | tail -n 20 >&2; die "installing $req failed for venv $name (log: $dir.setup.log)"; }
    if [[ -n "$extra" ]]; then
        if install_reqs "$name" "$dir" "$extra" "$dir/extra-install.log"; then
            log "venv $name: installed ${extra#"$REPO_ROOT"/}"
        else
            log "WARNING: venv $name: installing ${extra#"$REPO_ROOT"/} FAILED (tolerated; see $dir/extra-install.log):"
            pip_quiet_filter < "$dir/extra-install.log" | tail -n 15 >&2
        fi
    fi
    echo "$want" > "$stamp"
    log "venv $name: ready in $((SECONDS - start))s"
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
# Our stand-in installs exactly what was asked (so the pinned pip version ansible-test wants ends up in
# the venv) with uv when setup.sh has it (in a second, where pip's bootstrap takes ~6 s a venv), else it
# bootstraps pip with the stdlib's ensurepip and pip-installs the packages from PyPI.
# The versions are read from each installed ansible-test, so bumping ansible-core needs no edit here.
get_pip_standin() {
    cat <<EOF
"""Offline stand-in for get-pip.py (written by tests/scripts/setup.sh of csops.cloudstack).

Installs the packages ansible-test asked for (pip==<its pinned version>, ...) into this interpreter's
venv with uv when it is there, else bootstraps pip with ensurepip and installs them with it.
"""
import os
import subprocess
import sys

UV = "${UV}"
# no .pyc for pip: in the venvs ansible-test bootstraps (the --venv delegation venv of every sanity run, the
# sanity venvs) nothing runs pip once setup.sh built them with uv; compiling its ~900 files cost ~2 CPU-seconds
# in every sanity run
UV_ENV = {"UV_CACHE_DIR": "${UV_CACHE_DIR}", "UV_PYTHON_DOWNLOADS": "never", "UV_SYSTEM_CERTS": "1", "UV_COMPILE_BYTECODE": "0"}
# ansible-test runs this with a filtered environment: the CA bundle setup.sh saw, if any
if "${SSL_CERT_FILE:-}":
    UV_ENV["SSL_CERT_FILE"] = "${SSL_CERT_FILE:-}"

args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
packages = [a for a in args if not a.startswith("-")]
if UV and os.access(UV, os.X_OK):
    env = dict(os.environ, **UV_ENV)
    subprocess.check_call([UV, "pip", "install", "-q", "--python", sys.executable] + (packages or ["pip"]), env=env)
else:
    import ensurepip

    ensurepip.bootstrap(upgrade=True)
    # ensurepip points PIP_CONFIG_FILE at os.devnull; the machine pip configuration is needed.
    os.environ.pop("PIP_CONFIG_FILE", None)
    if packages:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check"] + args)
EOF
}

write_get_pip() {
    local name="$1" dir req_py ver f
    dir="$(venv_dir "$name")"
    local found=("$dir"/lib/python3*/site-packages/ansible_test/_internal/python_requirements.py)
    req_py="${found[0]}"
    [[ -f "$req_py" ]] || die "ansible-test not found in venv $name"
    # every pip='X.Y' in get_venv_packages() (defaults and per-Python overrides)
    mapfile -t vers < <(grep -oE "pip='[0-9][0-9a-z.]*'" "$req_py" | sed -E "s/pip='(.*)'/\1/" | sort -u)
    ((${#vers[@]} > 0)) || die "could not find the pip version in $req_py"
    local home
    for home in "$HOME" "$ANSIBLE_TEST_HOME"; do
        mkdir -p "$home/.ansible/test/cache"
        for ver in "${vers[@]}"; do
            f="$home/.ansible/test/cache/get_pip_${ver//./_}.py"
            if [[ -f "$f" ]] && get_pip_standin | cmp -s - "$f"; then
                log "get-pip stand-in for pip $ver (venv $name): present in $home"
            else
                get_pip_standin > "$f"
                log "get-pip stand-in for pip $ver (venv $name): written to $f"
            fi
            rm -f "$f.download"
        done
    done
}

# ---------------------------------------------------------------- ansible-test's sanity venvs
# prime_sanity <oldest|newest>: `ansible-test sanity --venv --prime-venvs` in a throwaway copy of the
# collection, with HOME=.venv/ansible-test-home, so every sanity venv that version of ansible-test
# wants exists (they depend on the ansible-core version and the Python, not on the files checked).
# The marker .primed-<name> makes sanity.sh use that home (before it, the real HOME as earlier).
prime_sanity() {
    local name="$1" venv pyver coll start=$SECONDS marker home="$ANSIBLE_TEST_HOME"
    venv="$(venv_dir "$name")"
    pyver="$(venv_python_version "$name")"
    marker="$ANSIBLE_TEST_HOME/.primed-$name"
    # ansible-test writes #! lines with the venv's path; Linux allows 127 characters: under a long
    # path, the sanity venvs go to ~/.ansible as ansible-test does by itself (sanity.sh then gives
    # ansible-test the real HOME: no .primed marker in .venv/ansible-test-home)
    if ((${#ANSIBLE_TEST_HOME} > 50)); then
        log "sanity venvs ($name): .venv is under a long path (${#ANSIBLE_TEST_HOME} characters): they go to ~/.ansible"
        home="$HOME"
        marker="$HOME/.ansible/test/.csops-primed-$name"
    fi
    local want
    want="$("$venv/bin/python" -c 'import ansible.release as r; print(r.__version__)')-$(cat "$venv/.stamp")"
    if [[ -f "$marker" && "$(cat "$marker")" == "$want" ]]; then
        log "sanity venvs ($name): up to date"
        return 0
    fi
    # a copy of the collection: ansible-test makes the venv of a sanity test only when the test has
    # files to check, so an empty collection would prime nothing
    CSOPS_BUILD_ROOT="$BUILD_ROOT/prime-$name" bash "$REPO_ROOT/tests/scripts/build_copy.sh" >/dev/null 2>&1 \
        || die "sanity venvs ($name): could not copy the collection"
    coll="$BUILD_ROOT/prime-$name/ansible_collections/csops/cloudstack"
    local out="$VENV_ROOT/sanity-$name.setup.log"
    : > "$out"
    # with uv: ansible-test's own priming in this process, its pip commands run by uv (uv_sanity_venvs.py,
    # which also compiles each venv's .pyc once); if that fails, ansible-test alone finishes the job (it
    # rebuilds any venv left without its marker). When uv built them, ansible-test's own pass would only
    # find every venv complete, after making a --venv delegation venv for that (~4 CPU-seconds): skipped.
    local uv_ok=""
    if [[ -n "$UV" ]]; then
        log "sanity venvs ($name): building them for ansible-test $pyver with uv (log: .venv/sanity-$name.setup.log)"
        if (cd "$coll" && CSOPS_UV="$UV" HOME="$home" PATH="$venv/bin:$PATH" \
                "$venv/bin/python" "$REPO_ROOT/tests/scripts/uv_sanity_venvs.py" "$pyver") >> "$out" 2>&1; then
            uv_ok=1
        else
            tail -n 20 "$out" >&2
            log "WARNING: sanity venvs ($name): building them with uv failed: ansible-test builds them with pip"
        fi
    else
        log "sanity venvs ($name): building them for ansible-test $pyver (log: .venv/sanity-$name.setup.log)"
    fi
    if [[ -z "$uv_ok" ]] && ! (cd "$coll" && HOME="$home" PATH="$venv/bin:$PATH" \
            ansible-test sanity --venv --prime-venvs --python "$pyver" --color no) >> "$out" 2>&1; then
        pip_quiet_filter < "$VENV_ROOT/sanity-$name.setup.log" | tail -n 30 >&2
        die "sanity venvs ($name): ansible-test --prime-venvs failed (log: .venv/sanity-$name.setup.log)"
    fi
    rm -rf "$BUILD_ROOT/prime-$name"
    mkdir -p "$(dirname "$marker")"
    echo "$want" > "$marker"
    log "sanity venvs ($name): ready in $((SECONDS - start))s"
}

# run_parallel FUNCTION ARG...: FUNCTION ARG for each ARG, two at a time; fails if any failed
run_parallel() {
    local fn="$1" pids=() names=() rc=0 i
    shift
    for arg in "$@"; do
        "$fn" "$arg" &
        pids+=($!); names+=("$arg")
        if ((${#pids[@]} % 2 == 0)); then
            for i in "${!pids[@]}"; do
                [[ -n "${pids[$i]}" ]] || continue
                wait "${pids[$i]}" || { log "setup: $fn ${names[$i]} FAILED"; rc=1; }
                pids[i]=""
            done
        fi
    done
    for i in "${!pids[@]}"; do
        [[ -n "${pids[$i]}" ]] || continue
        wait "${pids[$i]}" || { log "setup: $fn ${names[$i]} FAILED"; rc=1; }
    done
    return "$rc"
}

one_venv() {
    case "$1" in
        oldest) make_venv oldest "$REPO_ROOT/tests/requirements-oldest.txt" && write_get_pip oldest ;;
        newest) make_venv newest "$REPO_ROOT/tests/requirements-newest.txt" && write_get_pip newest ;;
        tools) make_venv tools "$REPO_ROOT/tests/requirements-tools.txt" "$REPO_ROOT/tests/requirements-tools-importer.txt" ;;
        docs) make_venv docs "$REPO_ROOT/tests/requirements-docs.txt" ;;
        demo) make_venv demo "$REPO_ROOT/tests/requirements-demo.txt" ;;
        *) die "unknown venv $1" ;;
    esac
}

# CloudMonkey 5.3.3.1 on Python 2.7 for the emulator's CloudMonkey unit test (tests/scripts/units.sh):
# with the newest venv, built in the background (mostly waiting on the index), under a lock that
# units.sh waits on, so that it is ready by the time the units run and no worker waits for it.
start_cloudmonkey() {
    local dir
    dir="$(venv_dir cloudmonkey)"
    [[ -x "$dir/cloudmonkey" ]] && return 0
    exec 9>"$dir.lock"
    if ! flock -n 9; then
        exec 9>&-
        return 0
    fi
    log "cloudmonkey: building .venv/cloudmonkey in the background (log: .venv/cloudmonkey.setup.log)"
    # the lock goes with fd 9 into the background job: units.sh waits until it ends
    ( bash "$REPO_ROOT/tests/emulator/tools/cloudmonkey_env.sh" "$dir" || rm -rf "$dir" ) \
        </dev/null >"$dir.setup.log" 2>&1 &
    exec 9>&-
}

main() {
    local names=("$@") venvs=() sanity=() n
    ((${#names[@]})) || names=(oldest newest tools docs sanity)
    for n in "${names[@]}"; do
        case "$n" in
            oldest|newest|tools|docs|demo) venvs+=("$n") ;;
            sanity) sanity=(oldest newest) ;;
            *) die "unknown venv $n (oldest|newest|tools|docs|demo|sanity)" ;;
        esac
    done
    # the demo needs nothing from the system: no apt for it alone
    if [[ " ${names[*]} " != " demo " ]]; then
        ensure_apt_packages
    fi
    # sanity venvs need their ansible-core venv
    for n in "${sanity[@]}"; do
        [[ " ${venvs[*]} " == *" $n "* ]] || venvs=("$n" "${venvs[@]}")
    done
    mkdir -p "$VENV_ROOT"
    ensure_uv
    if [[ " ${venvs[*]} " == *" newest "* && -z "${CSEMU_CLOUDMONKEY:-}" ]]; then
        start_cloudmonkey
    fi
    run_parallel one_venv "${venvs[@]}"
    if ((${#sanity[@]})); then
        run_parallel prime_sanity "${sanity[@]}"
    fi
}

main "$@"
