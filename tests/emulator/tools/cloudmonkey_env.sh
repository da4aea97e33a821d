#!/usr/bin/env bash
# Builds what tests/unit/emulator/test_client_cloudmonkey.py needs to run CloudMonkey 5.3.3.1, the
# last CloudMonkey on PyPI, as published: it is Python 2 code (print statements, `except X, e`),
# so it runs UNMODIFIED on a Python 2.7 interpreter, with its dependencies at the last versions
# that support Python 2.7, installed from PyPI into a directory of their own (nothing is converted).
#
# Usage: tests/emulator/tools/cloudmonkey_env.sh [DIR]     (default: /tmp/csemu-cloudmonkey)
#   Python 2.7 is taken from $CSEMU_PYTHON2, else pyenv's 2.7.x, else a working python2.7 on PATH.
#   It writes DIR/cloudmonkey (a wrapper: python2.7 -m cloudmonkey.cloudmonkey "$@") and prints
#   the line to export for the test:  export CSEMU_CLOUDMONKEY=DIR/cloudmonkey
set -euo pipefail
dir="${1:-/tmp/csemu-cloudmonkey}"
py2="${CSEMU_PYTHON2:-}"
if [[ -z "$py2" && -d "${PYENV_ROOT:-$HOME/.pyenv}/versions" ]]; then
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/2.7.*/bin/python; do
        [[ -x "$candidate" ]] && py2="$candidate"
    done
fi
if [[ -z "$py2" ]] && python2.7 -c '' 2>/dev/null; then
    py2="$(command -v python2.7)"
fi
[[ -n "$py2" && -x "$py2" ]] || { echo "no Python 2.7 interpreter found (set CSEMU_PYTHON2)" >&2; exit 2; }
"$py2" -c 'import sys; assert sys.version_info[:2] == (2, 7), sys.version' \
    || { echo "$py2 is not Python 2.7" >&2; exit 2; }
mkdir -p "$dir/site"
# cloudmonkey's own requirements (setup.py: Pygments, argcomplete, dicttoxml, prettytable, requests,
# requests-toolbelt) at their last Python 2.7 releases; pip on 2.7 resolves their dependencies.
"$py2" -m pip install --disable-pip-version-check --no-cache-dir --quiet --target "$dir/site" \
    "cloudmonkey==5.3.3.1" "requests==2.27.1" "requests-toolbelt==0.10.1" "urllib3==1.26.18" "idna==2.10" \
    "chardet==4.0.0" "certifi==2021.10.8" "argcomplete==1.12.3" "dicttoxml==1.7.4" "prettytable==1.0.1" \
    "Pygments==2.5.2"
# Bytecode for what pip left without it (cloudmonkey itself and the other sdists): the test harness runs
# with PYTHONDONTWRITEBYTECODE=1, so without it every CloudMonkey process compiled cloudmonkey/precache.py
# (1.9 MB) again: ~0.45 s of CPU per process, of ~0.75 s.
"$py2" -m compileall -q "$dir/site" >/dev/null || echo "compileall of $dir/site failed (CloudMonkey still runs, slower)" >&2
cat >"$dir/cloudmonkey" <<EOF
#!/usr/bin/env bash
# CloudMonkey 5.3.3.1 from PyPI, unmodified, on Python 2.7 (made by tests/emulator/tools/cloudmonkey_env.sh)
PYTHONPATH="$dir/site" exec "$py2" -m cloudmonkey.cloudmonkey "\$@"
EOF
chmod +x "$dir/cloudmonkey"
"$dir/cloudmonkey" --version
echo "export CSEMU_CLOUDMONKEY=$dir/cloudmonkey"
