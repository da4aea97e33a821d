#!/usr/bin/env bash
# Runs the emulator in the foreground (Ctrl-C stops it). It prints the `export CLOUDSTACK_...`
# lines to paste into another shell.
# Usage: tests/scripts/emulator.sh [PORT] [extra emulator args]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
port="${1:-8080}"
(($#)) && shift
py="$(venv_dir newest)/bin/python"
[[ -x "$py" ]] || py="$(find_python 3.11 || command -v python3)"
echo "# emulator on 127.0.0.1:$port - paste the export lines below into another shell" >&2
exec "$py" "${CSOPS_EMULATOR_SCRIPT:-$REPO_ROOT/tests/emulator/run_emulator.py}" --port "$port" "$@"
