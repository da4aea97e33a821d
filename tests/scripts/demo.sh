#!/usr/bin/env bash
# Demo: start the emulator, run playbooks/demo.yml against it (or, without that playbook, one
# `csops.cloudstack.api command=listZones` call), show the result, stop the emulator.
# Expects `make setup build` to have run (the Makefile target does that).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=emulator_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/emulator_lib.sh"

require_venv newest
[[ -d "$COLL_COPY" ]] || die "no collection copy: run tests/scripts/build_copy.sh (make build) first"
venv="$(venv_dir newest)"
export PATH="$venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$BUILD_ROOT"
export ANSIBLE_PYTHON_INTERPRETER="$venv/bin/python"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

trap stop_emulator_and_report EXIT
trap 'exit 130' INT TERM
start_emulator "$venv/bin/python"
# what an operator would export; the modules read these as their defaults
export CLOUDSTACK_ENDPOINT="$CSOPS_EMULATOR_ENDPOINT"
export CLOUDSTACK_KEY="$CSOPS_EMULATOR_API_KEY"
export CLOUDSTACK_SECRET="$CSOPS_EMULATOR_API_SECRET"
vars_file="$BUILD_ROOT/demo-vars.yml"
write_integration_config "$venv/bin/python" "$vars_file"

cd "$REPO_ROOT"
if [[ -f playbooks/demo.yml ]]; then
    log "demo: ansible-playbook playbooks/demo.yml against the emulator at $CLOUDSTACK_ENDPOINT"
    ansible-playbook -i localhost, -c local -e "@$vars_file" playbooks/demo.yml "$@"
else
    log "demo: no playbooks/demo.yml; one API call against the emulator at $CLOUDSTACK_ENDPOINT"
    ansible localhost -c local -m csops.cloudstack.api -a 'command=listZones' "$@"
fi
log "demo: emulator API log:"
"$venv/bin/python" - "$CSOPS_EMULATOR_CONTROL/log" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as r:
    for e in json.load(r).get("requests", []):
        print("  #%-4s %-6s %-32s %s" % (e.get("seq"), e.get("method", ""), e.get("command"),
                                         "read" if e.get("readonly") else "WRITE"))
PY
